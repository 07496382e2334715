package io.veernet.data.dataset;

/**
 * The value axis of a log image: the rows where the track's edges lie.
 *
 * <p>Rows are in pixel-index units (row r's centre is r). The scale's left value lies on
 * {@code bottom}, its right value on {@code top}: a paper log turned a quarter turn
 * anticlockwise, so depth runs left to right and values grow upwards.
 */
public record Track(double top, double bottom) {

    public Track {
        if (!(bottom > top)) {
            throw new IllegalArgumentException("track bottom (" + bottom + ") must lie below top (" + top + ")");
        }
    }

    /** Track height in pixels: the length that normalised value units are measured against. */
    public double height() {
        return bottom - top;
    }

    /** Row of a position across the track (0 = bottom edge, 1 = top edge). */
    public double rowOf(double position) {
        return bottom - position * height();
    }

    /** Position across the track (0 = bottom edge, 1 = top edge) of a row. */
    public double positionOf(double row) {
        return (bottom - row) / height();
    }
}
