package io.veernet.data.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import io.veernet.data.metrics.Summary.Better;

/**
 * Collects per-image curve scores over a split and summarises them per curve.
 *
 * <p>Not thread-safe: give each thread its own and {@link #merge} them.
 */
public final class SplitCurveScores {

    private final Map<Integer, List<CurveScore>> byClass = new TreeMap<>();

    public void add(CurveScore score) {
        byClass.computeIfAbsent(score.classId(), k -> new ArrayList<>()).add(score);
    }

    public void merge(SplitCurveScores other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge a score set into itself");
        }
        other.byClass.values().forEach(scores -> scores.forEach(this::add));
    }

    /** The scores of curve {@code classId} in the order added. */
    public List<CurveScore> scores(int classId) {
        return List.copyOf(byClass.getOrDefault(classId, List.of()));
    }

    /** Curve classes seen so far, ascending. */
    public List<Integer> classIds() {
        return List.copyOf(byClass.keySet());
    }

    public CurveSummary summary(int classId) {
        List<CurveScore> s = byClass.getOrDefault(classId, List.of());
        return new CurveSummary(classId, s.size(),
                summarise(s, CurveScore::r2, Better.HIGHER),
                summarise(s, CurveScore::nativeR2, Better.HIGHER),
                summarise(s, CurveScore::mae, Better.LOWER),
                summarise(s, CurveScore::rmse, Better.LOWER),
                summarise(s, CurveScore::maePixels, Better.LOWER),
                summarise(s, CurveScore::rmsePixels, Better.LOWER),
                summarise(s, CurveScore::coverage, Better.HIGHER),
                summarise(s, CurveScore::spikes, Better.LOWER),
                summarise(s, CurveScore::valueMae, Better.LOWER));
    }

    private static Summary summarise(List<CurveScore> scores, ToDoubleFunction<CurveScore> metric, Better better) {
        return Summary.of(scores.stream().mapToDouble(metric).toArray(), better);
    }
}
