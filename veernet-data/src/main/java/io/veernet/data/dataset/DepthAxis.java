package io.veernet.data.dataset;

/** Depth along the image width: column c lies at depth {@code start + c * step}. */
public record DepthAxis(double start, double step, String unit) {

    public DepthAxis {
        if (!Double.isFinite(start) || !Double.isFinite(step) || step == 0) {
            throw new IllegalArgumentException("depth axis needs a finite start and a non-zero step, got "
                    + start + " and " + step);
        }
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("depth axis unit is missing");
        }
    }

    public double depthAt(double column) {
        return start + column * step;
    }
}
