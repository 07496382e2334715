package io.veernet.data.dataset;

/**
 * How a curve's physical value maps to its position across the track.
 *
 * <p>Position {@code p} is 0 at the track edge holding {@code left} and 1 at the edge holding
 * {@code right}; on a logarithmic scale the mapping is linear in log10(value). Values outside the
 * scale give positions outside [0, 1] (a renderer may wrap them as a backup trace).
 */
public record ValueScale(double left, double right, boolean log) {

    public ValueScale {
        if (!Double.isFinite(left) || !Double.isFinite(right)) {
            throw new IllegalArgumentException("scale ends must be finite, got " + left + " and " + right);
        }
        if (left == right) {
            throw new IllegalArgumentException("scale left and right must differ, both are " + left);
        }
        if (log && (left <= 0 || right <= 0)) {
            throw new IllegalArgumentException("a logarithmic scale needs positive ends, got " + left + " and " + right);
        }
    }

    /** Position across the track (0 at left, 1 at right) of a physical value. */
    public double toPosition(double value) {
        if (log) {
            return (Math.log10(value) - Math.log10(left)) / (Math.log10(right) - Math.log10(left));
        }
        return (value - left) / (right - left);
    }

    /** Physical value at a position across the track. */
    public double toValue(double position) {
        if (log) {
            double l = Math.log10(left);
            return Math.pow(10, l + position * (Math.log10(right) - l));
        }
        return left + position * (right - left);
    }
}
