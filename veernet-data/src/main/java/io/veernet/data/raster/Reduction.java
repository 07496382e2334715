package io.veernet.data.raster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.veernet.data.io.EnumNames;

import java.util.List;

/**
 * How an input taller than the working geometry is reduced to it (config key {@code eval.reduction}).
 *
 * <ul>
 *   <li>{@code area}: area averaging; a stroke thinner than the reduction factor becomes a fainter
 *       one-pixel stroke (ink times width over factor), as in a reduced scan;
 *   <li>{@code darkest}: each output pixel is the darkest source pixel it covers; a thin stroke
 *       keeps its ink at one pixel wide, which is how the generator draws strokes at working size
 *       (never thinner than 1 px), at the price of darker noise;
 *   <li>{@code blend}: the mean of the two;
 *   <li>{@code darkest_rows}: darkest down each column (across the track, where a curve is a thin
 *       stroke) and area averaging along each row (along depth, where a curve is long but a depth
 *       grid line is a thin one): curves keep their ink, depth lines fade as in a reduced scan.
 * </ul>
 * Enlarging (an input shorter than the working heights) always uses the area resampler.
 */
public enum Reduction {
    AREA,
    DARKEST,
    BLEND,
    DARKEST_ROWS;

    @JsonCreator
    public static Reduction parse(String name) {
        return EnumNames.parse(Reduction.class, "reduction", name);
    }

    @JsonValue
    public String label() {
        return EnumNames.label(this);
    }

    public static List<String> names() {
        return EnumNames.names(Reduction.class);
    }
}
