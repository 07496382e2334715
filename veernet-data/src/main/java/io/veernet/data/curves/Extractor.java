package io.veernet.data.curves;

import io.veernet.data.dataset.Track;

import java.util.List;
import java.util.Locale;

/** The two ways of reading curves off a probability map (docs/METRICS.md, "Curve extraction"). */
public enum Extractor {
    /** Per column, the probability-weighted centroid of the argmax pixels: the documented baseline. */
    CENTROID,
    /** A joint least-cost path of both curves over per-column candidate segments, with unwrapping. */
    TRACKED;

    /**
     * What digitize uses and evaluate pictures unless told otherwise: the baseline, until the
     * tracked extractor is shown to win on a trained run's validation split (issue 14).
     */
    public static final Extractor DEFAULT = CENTROID;

    /**
     * Extracts every curve class of the map.
     *
     * @param track   the track edges, for unwrapping backup traces (null: none are unwrapped)
     * @param tracker the tracked extractor's costs (ignored by the centroid one)
     */
    public List<ExtractedCurve> extract(ClassProbabilities map, Track track, TrackerConfig tracker) {
        return switch (this) {
            case CENTROID -> CurveExtractor.extract(map);
            case TRACKED -> CurveTracker.extract(map, track, tracker);
        };
    }

    /** The lower-case name used on the command line, in configs and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label ({@code centroid} or {@code tracked}), case-insensitively. */
    public static Extractor parse(String label) {
        for (Extractor e : values()) {
            if (e.label().equalsIgnoreCase(label.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown extractor '" + label + "' (known: centroid, tracked)");
    }
}
