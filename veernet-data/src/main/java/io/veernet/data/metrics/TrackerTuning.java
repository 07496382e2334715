package io.veernet.data.metrics;

import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.Extractor;
import io.veernet.data.curves.TrackerConfig;

import io.veernet.data.dataset.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Chooses the tracked extractor's costs on a validation split by coordinate descent: each cost in
 * turn is tried at a few values around the current one and kept where it raises the objective,
 * the mean over both curves of (median + p10) / 2 of R-squared (the tail counts as much as the
 * middle: single bad images are what tracking is for) less the split's identity-swap rate (R2
 * barely sees a swap between two near traces, and costs chosen on R2 alone swapped twice as often
 * as the centroid did). Two rounds. The probabilities are computed once by the caller; only the
 * extraction is repeated.
 */
public final class TrackerTuning {

    /** One tried setting and its objective. */
    public record Trial(String key, double value, double objective, boolean kept) {
    }

    /**
     * One extraction's score on the split: the R2 part, the pooled identity-swap rate (0 with no
     * eligible column) and the objective they make.
     */
    public record Score(double r2, double swapRate) {
        /** The R2 part less {@link #SWAP_WEIGHT} times the swap rate. */
        public double objective() {
            return r2 - SWAP_WEIGHT * swapRate;
        }
    }

    /** Weight of the swap rate against the R2 part: 1% of columns swapped costs as much as 0.01 of R2. */
    public static final double SWAP_WEIGHT = 1.0;

    /** The chosen costs, the objective before and after, and every trial. */
    public record Result(TrackerConfig chosen, double startObjective, double objective, double centroidObjective,
                         List<Trial> trials) {
    }

    private record Knob(String key, double[] values, BiFunction<TrackerConfig, Double, TrackerConfig> set,
                        java.util.function.ToDoubleFunction<TrackerConfig> get, boolean relative) {
    }

    private static final List<Knob> KNOBS = List.of(
            new Knob("absent", new double[] {0.25, 0.5, 2, 4}, (c, v) -> new TrackerConfig(c.floor(), c.maxCandidates(),
                    c.classWeight(), v, c.switchCost(), c.jumpWeight(), c.jumpSlack(), c.jumpDrift(), c.jumpCap(),
                    c.shareCost(), c.wrapCost()), TrackerConfig::absent, true),
            new Knob("switch_cost", new double[] {0.25, 0.5, 2, 4}, (c, v) -> new TrackerConfig(c.floor(), c.maxCandidates(),
                    c.classWeight(), c.absent(), v, c.jumpWeight(), c.jumpSlack(), c.jumpDrift(), c.jumpCap(),
                    c.shareCost(), c.wrapCost()), TrackerConfig::switchCost, true),
            new Knob("jump_weight", new double[] {0.25, 0.5, 2, 4}, (c, v) -> new TrackerConfig(c.floor(), c.maxCandidates(),
                    c.classWeight(), c.absent(), c.switchCost(), v, c.jumpSlack(), c.jumpDrift(), c.jumpCap(),
                    c.shareCost(), c.wrapCost()), TrackerConfig::jumpWeight, true),
            new Knob("class_weight", new double[] {0.5, 2, 4}, (c, v) -> new TrackerConfig(c.floor(), c.maxCandidates(),
                    v, c.absent(), c.switchCost(), c.jumpWeight(), c.jumpSlack(), c.jumpDrift(), c.jumpCap(),
                    c.shareCost(), c.wrapCost()), TrackerConfig::classWeight, true),
            new Knob("share_cost", new double[] {0.25, 0.5, 2, 4}, (c, v) -> new TrackerConfig(c.floor(), c.maxCandidates(),
                    c.classWeight(), c.absent(), c.switchCost(), c.jumpWeight(), c.jumpSlack(), c.jumpDrift(), c.jumpCap(),
                    v, c.wrapCost()), TrackerConfig::shareCost, true),
            new Knob("floor", new double[] {0.1, 0.15, 0.25, 0.35, 0.5}, (c, v) -> new TrackerConfig(v, c.maxCandidates(),
                    c.classWeight(), c.absent(), c.switchCost(), c.jumpWeight(), c.jumpSlack(), c.jumpDrift(), c.jumpCap(),
                    c.shareCost(), c.wrapCost()), TrackerConfig::floor, false),
            new Knob("jump_slack", new double[] {0, 1, 2, 3}, (c, v) -> new TrackerConfig(c.floor(), c.maxCandidates(),
                    c.classWeight(), c.absent(), c.switchCost(), c.jumpWeight(), v, c.jumpDrift(), c.jumpCap(),
                    c.shareCost(), c.wrapCost()), TrackerConfig::jumpSlack, false));

    private TrackerTuning() {
    }

    /** The objective of {@code extractor} with {@code costs}: {@link #score}'s objective. */
    public static double objective(List<Sample> samples, List<ClassProbabilities> maps, Extractor extractor, TrackerConfig costs) {
        return score(samples, maps, extractor, costs).objective();
    }

    /**
     * The score of {@code extractor} with {@code costs} over the images and their probability
     * maps; a curve the extractor misses counts R-squared -1 (as in the report's ranking), so a
     * setting that finds nothing is not undefined but bad.
     */
    public static Score score(List<Sample> samples, List<ClassProbabilities> maps, Extractor extractor, TrackerConfig costs) {
        SplitScorer scorer = new SplitScorer(extractor, costs);
        double[][] r2 = new double[2][samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            r2[0][i] = Double.NaN;
            r2[1][i] = Double.NaN;
            for (CurveScore s : scorer.add(samples.get(i), maps.get(i)).scores()) {
                if (s.classId() >= 1 && s.classId() <= 2) {
                    r2[s.classId() - 1][i] = s.r2ForRanking();
                }
            }
        }
        double sum = 0;
        for (double[] curve : r2) {
            Summary c = Summary.of(curve, Summary.Better.HIGHER);
            sum += (c.median() + c.p10()) / 2;
        }
        double swapRate = scorer.swaps().overallRate();
        return new Score(sum / 2, Double.isNaN(swapRate) ? 0 : swapRate);
    }

    /** Coordinate descent from {@code start}; a knob's value is kept only when it raises the objective by more than 1e-4. */
    public static Result tune(List<Sample> samples, List<ClassProbabilities> maps, TrackerConfig start) {
        if (samples.isEmpty() || samples.size() != maps.size()) {
            throw new IllegalArgumentException("tuning needs one probability map per image, got " + samples.size()
                    + " images and " + maps.size() + " maps");
        }
        TrackerConfig best = start;
        double startObjective = objective(samples, maps, Extractor.TRACKED, start);
        double bestObjective = startObjective;
        List<Trial> trials = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (Knob k : KNOBS) {
                double current = k.get().applyAsDouble(best);
                TrackerConfig roundBest = best;
                for (double v : k.values()) {
                    double value = k.relative() ? current * v : v;
                    if (value == current) {
                        continue;
                    }
                    TrackerConfig trial = k.set().apply(best, value);
                    double o = objective(samples, maps, Extractor.TRACKED, trial);
                    boolean kept = o > bestObjective + 1e-4;
                    trials.add(new Trial(k.key(), value, o, kept));
                    if (kept) {
                        bestObjective = o;
                        roundBest = trial;
                    }
                }
                best = roundBest;
            }
        }
        return new Result(best, startObjective, bestObjective, objective(samples, maps, Extractor.CENTROID, start),
                trials);
    }
}
