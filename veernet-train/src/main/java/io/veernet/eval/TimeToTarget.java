package io.veernet.eval;

import io.veernet.train.EpochRecord;
import io.veernet.train.ValidationScore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The AlgoPerf question for one run: for each model the history validated (raw, every EMA, SWA,
 * SWAD), the first epoch whose validation score reaches a target, and the training time that
 * saves against the whole run. Targets: the final raw score, and optionally a configured one.
 */
public final class TimeToTarget {

    /** One model against one target: the epoch it got there (0 = never), the time to then, and the share of the run saved. */
    public record Row(String model, double target, int epoch, double minutes, double saved) {
    }

    private TimeToTarget() {
    }

    /** Rows for every model in the history, for the final raw score and (when above 0) {@code configured}. */
    public static List<Row> of(List<EpochRecord> history, double configured) {
        List<Row> rows = new ArrayList<>();
        EpochRecord last = null;
        for (EpochRecord r : history) {
            if (r.validation().containsKey("raw")) {
                last = r;
            }
        }
        if (last == null) {
            return rows;
        }
        double total = history.stream().mapToDouble(EpochRecord::seconds).sum();
        Set<String> models = new LinkedHashSet<>();
        history.forEach(r -> models.addAll(r.validation().keySet()));
        List<Double> targets = new ArrayList<>(List.of(last.validation().get("raw").score()));
        if (configured > 0) {
            targets.add(configured);
        }
        for (double target : targets) {
            for (String model : models) {
                double seconds = 0;
                int reached = 0;
                for (EpochRecord r : history) {
                    seconds += r.seconds();
                    ValidationScore v = r.validation().get(model);
                    if (v != null && v.score() >= target) {
                        reached = r.epoch();
                        break;
                    }
                }
                rows.add(reached == 0 ? new Row(model, target, 0, Double.NaN, Double.NaN)
                        : new Row(model, target, reached, seconds / 60, 1 - seconds / total));
            }
        }
        return rows;
    }
}
