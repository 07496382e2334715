package io.veernet.data.raster;

import java.util.Locale;

/**
 * The image heights a model was trained at (the run config's {@code synth.height}): any input is
 * brought into this range with {@link Resampler}, keeping its aspect ratio, before the model sees it.
 * Inputs taller than {@code reduceTo} are reduced to {@code reduceTo} rows (the largest trained
 * height unless a run chose more: a tall scan reduced to the trained rows loses its thin strokes).
 *
 * @param minHeight smallest trained height, rows
 * @param maxHeight largest trained height, rows
 * @param reduction how taller inputs are reduced
 * @param reduceTo  rows a taller input is reduced to (at least {@code maxHeight}); inputs of up to
 *                  this many rows are read as they are
 */
public record WorkingGeometry(int minHeight, int maxHeight, Reduction reduction, int reduceTo) {

    /** Inputs resampled by more than this factor either way get a warning. */
    public static final double FAR = 1.5;

    public WorkingGeometry {
        if (minHeight < 1 || maxHeight < minHeight) {
            throw new IllegalArgumentException("working heights must satisfy 1 <= min <= max, got " + minHeight + "-" + maxHeight);
        }
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must be given (one of " + Reduction.names() + ")");
        }
        if (reduceTo < maxHeight) {
            throw new IllegalArgumentException("the height inputs are reduced to (" + reduceTo
                    + " rows) must be at least the largest trained height, " + maxHeight);
        }
    }

    /** Reduced to the largest trained height with {@code reduction}. */
    public WorkingGeometry(int minHeight, int maxHeight, Reduction reduction) {
        this(minHeight, maxHeight, reduction, maxHeight);
    }

    /** Area averaging between these heights. */
    public WorkingGeometry(int minHeight, int maxHeight) {
        this(minHeight, maxHeight, Reduction.AREA);
    }

    /** This geometry with another reduction. */
    public WorkingGeometry with(Reduction r) {
        return new WorkingGeometry(minHeight, maxHeight, r, reduceTo);
    }

    /** This geometry reducing taller inputs to {@code rows} (0: to the largest trained height). */
    public WorkingGeometry reducingTo(int rows) {
        return new WorkingGeometry(minHeight, maxHeight, reduction, rows == 0 ? maxHeight : rows);
    }

    /** An input at the working geometry: {@code image} itself when it lies inside. */
    public GrayImage bring(GrayImage image, int minWidth) {
        int h = targetHeight(image.height());
        if (h == image.height()) {
            return image;
        }
        return Resampler.resize(image, targetWidth(image.width(), image.height(), minWidth), h, reduction);
    }

    /** The height an input of {@code height} rows is brought to: itself from the smallest trained height up to {@code reduceTo}, else the nearer end. */
    public int targetHeight(int height) {
        return Math.max(minHeight, Math.min(reduceTo, height));
    }

    /** The width that keeps the aspect ratio at the target height (at least {@code minWidth}). */
    public int targetWidth(int width, int height, int minWidth) {
        return Math.max(minWidth, (int) Math.round(width * targetHeight(height) / (double) height));
    }

    /** A warning naming the numbers when the input is far outside this geometry, else null. */
    public String warning(int width, int height, int targetWidth) {
        double factor = targetHeight(height) / (double) height;
        if (factor >= 1 / FAR && factor <= FAR) {
            return null;
        }
        return String.format(Locale.ROOT, "input of %d x %d px is far outside the %d-%d rows this model was trained at: "
                        + "resampled by %.3f to %d x %d (%s), rows mapped back to the input's pixels",
                width, height, minHeight, maxHeight, factor, targetWidth, targetHeight(height),
                factor < 1 && reduction != Reduction.AREA ? reduction.label() + " reduction" : "area averaging");
    }
}
