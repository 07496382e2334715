package io.veernet.eval;

import io.veernet.data.metrics.SpreadCoverage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A multi-pass model's spread calibration, chosen by {@code evaluate} on the run's own validation
 * split (docs/METRICS.md, "Uncertainty") and recorded in the run folder, so that {@code digitize}
 * writes calibrated {@code _SD} curves and bands rather than the raw spread across passes.
 *
 * @param model  the model (swag, ensemble-5, ...)
 * @param data   the dataset whose validation split chose it
 * @param basis  what it was chosen from (the members' weight fingerprint and the scoring settings),
 *               so that scoring another split with the same model reuses it (null in older runs)
 * @param curves per curve (index 0: curve 1), its calibration
 */
public record SpreadChoice(String model, String data, String basis, List<Curve> curves) {

    public SpreadChoice {
        curves = List.copyOf(curves);
    }

    /**
     * One curve's calibration: sd = sqrt((scale x spread)^2 + floor^2), floor in px at the working
     * geometry; each {@link SpreadCoverage#LEVELS} interval is +-{@code halfWidths[l]} sd (Gaussian
     * for raw figures, the validation split's own when calibrated).
     */
    public record Curve(double scale, double floor, double[] halfWidths) {

        /** Gaussian intervals. */
        public Curve(double scale, double floor) {
            this(scale, floor, SpreadCoverage.gaussianHalfWidths());
        }

        /** The half-width, in sd, of the central interval of nominal {@code level} (0.68, 0.95, ...). */
        public double half(double level) {
            return halfWidths[SpreadCoverage.levelIndex(level)];
        }

        /** The calibrated sd of a raw spread, both in px at the working geometry. */
        public double sd(double spreadPx) {
            return Math.sqrt(Math.pow(scale * spreadPx, 2) + floor * floor);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "scale %.3f, floor %.3f px, 68%%/95%% at +-%.2f/%.2f sd", scale, floor,
                    half(0.68), half(0.95));
        }
    }

    /** The choice's name in the run folder for {@code model}. */
    public static String name(String model) {
        return "spread-" + model;
    }

    /** The recorded calibration of {@code model} in {@code run}, if evaluate has chosen one. */
    public static Optional<SpreadChoice> of(io.veernet.train.RunFolder run, String model) {
        return Choices.read(run.choice(name(model)), SpreadChoice.class, "spread calibration");
    }

    public void write(Path file) throws IOException {
        Choices.write(file, this);
    }
}
