package io.veernet.eval;

import io.veernet.data.curves.TrackerConfig;
import io.veernet.data.dataset.Sample;
import io.veernet.data.raster.WorkingGeometry;

import java.util.function.Function;

/**
 * The tracked extractor's costs for each kind of input: one set for inputs read at their own height,
 * one for inputs reduced to the working geometry (taller scans, whose reduced strokes, depth lines and
 * text look unlike anything read as it is, so costs chosen on one kind serve the other badly).
 *
 * @param asIs     costs for inputs of up to {@code geometry.reduceTo()} rows
 * @param reduced  costs for taller inputs, reduced before the model reads them
 * @param geometry what decides which kind an input is
 */
public record TrackerCosts(TrackerConfig asIs, TrackerConfig reduced, WorkingGeometry geometry) {

    public TrackerCosts {
        if (asIs == null || reduced == null || geometry == null) {
            throw new IllegalArgumentException("tracker costs need both cost sets and the working geometry");
        }
    }

    /** One set of costs for every input. */
    public static TrackerCosts same(TrackerConfig costs, WorkingGeometry geometry) {
        return new TrackerCosts(costs, costs, geometry);
    }

    /** Whether an input of {@code height} rows is reduced before the model reads it. */
    public boolean isReduced(int height) {
        return geometry.targetHeight(height) < height;
    }

    /** The costs for an input of {@code height} rows. */
    public TrackerConfig forHeight(int height) {
        return isReduced(height) ? reduced : asIs;
    }

    /** The costs for each sample, by its image's height. */
    public Function<Sample, TrackerConfig> perSample() {
        return s -> forHeight(s.image().height());
    }
}
