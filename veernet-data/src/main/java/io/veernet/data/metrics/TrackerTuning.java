package io.veernet.data.metrics;

import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.curves.Extractor;
import io.veernet.data.curves.TrackerConfig;

import io.veernet.data.dataset.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chooses the tracked extractor's costs on a validation split by coordinate descent: each cost in
 * turn is tried at a few values around the current one and kept where it raises the objective,
 * the mean over both curves of (median + p10) / 2 of R-squared (the tail counts as much as the
 * middle: single bad images are what tracking is for) less the split's identity-swap rate (R2
 * barely sees a swap between two near traces, and costs chosen on R2 alone swapped twice as often
 * as the centroid did). Two rounds. The probabilities are computed once by the caller; only the
 * extraction is repeated. Chosen on several splits (say, validation logs of two looks), the objective is
 * the mean of the splits' objectives, so each look counts alike however many logs it brings.
 */
public final class TrackerTuning {

    /** One tried setting and its objective. */
    public record Trial(String key, double value, double objective, boolean kept) {
    }

    /**
     * One extraction's score on the split: the R2 part, the pooled identity-swap rate (0 with no
     * eligible column), the wrapped curves' value MAE in scale spans, each capped at 1, summed and
     * divided by the number of curves scored (0 with none wrapped), and the objective they make.
     */
    public record Score(double r2, double swapRate, double wrapMae) {
        /** The R2 part less {@link #SWAP_WEIGHT} times the swap rate and {@link #WRAP_WEIGHT} times the wrapped MAE. */
        public double objective() {
            return r2 - SWAP_WEIGHT * swapRate - WRAP_WEIGHT * wrapMae;
        }
    }

    /**
     * Weight of the wrapped curves' value MAE. Divided by every curve scored, not by the wrapped
     * ones, a curve read a span off costs 1/n, about what one curve's R2 moves the median and p10
     * by, so a split with three wrapped curves does not buy their levels with everyone's R2.
     */
    public static final double WRAP_WEIGHT = 1.0;

    /** Weight of the swap rate against the R2 part: 1% of columns swapped costs as much as 0.01 of R2. */
    public static final double SWAP_WEIGHT = 1.0;

    /** One split the costs are chosen on: its images and their probability maps, one per image. */
    public record Split(List<Sample> samples, List<ClassProbabilities> maps) {
        public Split {
            if (samples.isEmpty() || samples.size() != maps.size()) {
                throw new IllegalArgumentException("tuning needs one probability map per image, got " + samples.size()
                        + " images and " + maps.size() + " maps");
            }
            samples = List.copyOf(samples);
            maps = List.copyOf(maps);
        }

        /** {@link TrackerTuning#score} on this split. */
        public Score score(Extractor extractor, TrackerConfig costs) {
            return TrackerTuning.score(samples, maps, extractor, costs);
        }
    }

    /** The chosen costs, the objective before and after (means over the splits), and every trial. */
    public record Result(TrackerConfig chosen, double startObjective, double objective, double centroidObjective,
                         List<Trial> trials) {
    }

    /** One cost the descent moves: its config key, the values tried (factors of the current one when relative). */
    private record Knob(String key, double[] values, java.util.function.ToDoubleFunction<TrackerConfig> get,
                        boolean relative) {
        Knob {
            // A key that names no cost would leave every trial equal to its start: refuse it at once.
            TrackerConfig d = TrackerConfig.defaults();
            if (get.applyAsDouble(with(key, d, get.applyAsDouble(d) + 0.5)) == get.applyAsDouble(d)) {
                throw new IllegalStateException("tuning knob " + key + " sets no cost");
            }
        }

        TrackerConfig set(TrackerConfig c, double v) {
            return with(key, c, v);
        }

        private static TrackerConfig with(String key, TrackerConfig c, double v) {
            return new TrackerConfig(pick(key, "floor", v, c.floor()), c.maxCandidates(),
                    pick(key, "class_weight", v, c.classWeight()), pick(key, "absent", v, c.absent()),
                    pick(key, "switch_cost", v, c.switchCost()), pick(key, "jump_weight", v, c.jumpWeight()),
                    pick(key, "jump_slack", v, c.jumpSlack()), pick(key, "jump_drift", v, c.jumpDrift()), c.jumpCap(),
                    pick(key, "share_cost", v, c.shareCost()), c.wrapCost(), pick(key, "miss_weight", v, c.missWeight()),
                    pick(key, "backup_cost", v, c.backupCost()));
        }

        private static double pick(String key, String name, double v, double current) {
            return key.equals(name) ? v : current;
        }
    }

    private static final List<Knob> KNOBS = List.of(
            new Knob("absent", new double[] {0.25, 0.5, 2, 4}, TrackerConfig::absent, true),
            new Knob("switch_cost", new double[] {0.25, 0.5, 2, 4}, TrackerConfig::switchCost, true),
            new Knob("jump_weight", new double[] {0.25, 0.5, 2, 4}, TrackerConfig::jumpWeight, true),
            new Knob("class_weight", new double[] {0.5, 2, 4}, TrackerConfig::classWeight, true),
            new Knob("share_cost", new double[] {0.25, 0.5, 2, 4}, TrackerConfig::shareCost, true),
            new Knob("floor", new double[] {0.1, 0.15, 0.25, 0.35, 0.5}, TrackerConfig::floor, false),
            new Knob("jump_slack", new double[] {0, 1, 2, 3}, TrackerConfig::jumpSlack, false),
            new Knob("jump_drift", new double[] {0.001, 0.01, 0.02, 0.03}, TrackerConfig::jumpDrift, false),
            new Knob("miss_weight", new double[] {0, 0.5, 1, 2}, TrackerConfig::missWeight, false),
            new Knob("backup_cost", new double[] {0, 0.03, 0.1, 0.3, 1}, TrackerConfig::backupCost, false));

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
        // Reading is most of a trial's work and each image's is independent: read them on every core, score in order.
        List<List<ExtractedCurve>> read = IntStream.range(0, samples.size())
                .parallel().mapToObj(i -> scorer.read(samples.get(i), maps.get(i))).toList();
        double[][] r2 = new double[2][samples.size()];
        double wrapSum = 0;
        int curves = 0;
        for (int i = 0; i < samples.size(); i++) {
            r2[0][i] = Double.NaN;
            r2[1][i] = Double.NaN;
            for (CurveScore s : scorer.addCurves(samples.get(i), read.get(i)).scores()) {
                if (s.classId() >= 1 && s.classId() <= 2) {
                    r2[s.classId() - 1][i] = s.r2ForRanking();
                    curves++;
                    if (!Double.isNaN(s.valueMae())) {
                        wrapSum += Math.min(1, s.valueMae());
                    }
                }
            }
        }
        double sum = 0;
        for (double[] curve : r2) {
            Summary c = Summary.of(curve, Summary.Better.HIGHER);
            sum += (c.median() + c.p10()) / 2;
        }
        double swapRate = scorer.swaps().overallRate();
        return new Score(sum / 2, Double.isNaN(swapRate) ? 0 : swapRate, curves == 0 ? 0 : wrapSum / curves);
    }

    /** {@link #tune(List, TrackerConfig)} on one split. */
    public static Result tune(List<Sample> samples, List<ClassProbabilities> maps, TrackerConfig start) {
        return tune(List.of(new Split(samples, maps)), start);
    }

    /** The mean over {@code splits} of each split's objective. */
    public static double objective(List<Split> splits, Extractor extractor, TrackerConfig costs) {
        double sum = 0;
        for (Split s : splits) {
            sum += s.score(extractor, costs).objective();
        }
        return sum / splits.size();
    }

    /**
     * Coordinate descent from {@code start} on the mean objective of {@code splits}; a knob's value is
     * kept only when it raises the objective by more than 1e-4.
     */
    public static Result tune(List<Split> splits, TrackerConfig start) {
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("tuning needs at least one split");
        }
        TrackerConfig best = start;
        double startObjective = objective(splits, Extractor.TRACKED, start);
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
                    TrackerConfig trial = k.set(best, value);
                    double o = objective(splits, Extractor.TRACKED, trial);
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
        return new Result(best, startObjective, bestObjective, objective(splits, Extractor.CENTROID, start), trials);
    }
}
