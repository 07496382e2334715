package io.veernet.eval;

import io.veernet.data.curves.Extractor;

import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Every model of a run on several evaluated splits side by side (in-domain test, the held-out
 * style family, the classic look), with the generalisation gap: in-domain minus held-out, per
 * metric. Reads the report.json files {@code veernet evaluate} wrote.
 */
public final class GeneralisationTable {

    /** One evaluated split: a label and the folder holding its report.json. */
    public record Column(String label, Path reportDir) {
    }

    private record Metric(String name, ToDoubleFunction<ModelResult> value) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("bg IoU", m -> m.iou()[0]),
            new Metric("curve 1 IoU", m -> m.iou()[1]),
            new Metric("curve 2 IoU", m -> m.iou()[2]),
            new Metric("curve 1 R2 median", m -> m.curve(Extractor.DEFAULT, 1).r2().median()),
            new Metric("curve 2 R2 median", m -> m.curve(Extractor.DEFAULT, 2).r2().median()),
            new Metric("curve 2 R2 p10", m -> m.curve(Extractor.DEFAULT, 2).r2().p10()),
            new Metric("curve 2 MAE px", m -> m.curve(Extractor.DEFAULT, 2).maePixels().mean()),
            new Metric("swap rate", m -> m.extraction(Extractor.DEFAULT).swapRate()[2]));

    private GeneralisationTable() {
    }

    /**
     * The markdown section: per metric, a table of models by split, with the gap between the
     * first two columns (in-domain minus held-out).
     */
    public static String markdown(List<Column> columns) throws IOException {
        List<EvaluationReport> reports = new ArrayList<>();
        for (Column c : columns) {
            reports.add(Json.mapper().readValue(Files.readAllBytes(c.reportDir().resolve("report.json")), EvaluationReport.class));
        }
        StringBuilder b = new StringBuilder("\n## Generalisation: every model on each evaluated split\n\n");
        for (int i = 0; i < columns.size(); i++) {
            EvaluationReport r = reports.get(i);
            b.append(String.format(Locale.ROOT, "- **%s**: split `%s` of `%s`, %d images (%s)%n", columns.get(i).label(),
                    r.split(), r.dataset(), r.images(), columns.get(i).reportDir().resolve("report.md")));
        }
        b.append("\nGap = ").append(columns.get(0).label()).append(" minus ").append(columns.get(1).label())
                .append(" (for MAE and swap rate a negative gap means the held-out family is worse).\n");
        for (Metric metric : METRICS) {
            b.append("\n### ").append(metric.name()).append("\n\n| model |");
            columns.forEach(c -> b.append(' ').append(c.label()).append(" |"));
            b.append(" gap |\n|---|");
            columns.forEach(c -> b.append("---|"));
            b.append("---|\n");
            for (ModelResult m : reports.get(0).models()) {
                b.append("| ").append(m.name()).append(" |");
                double[] v = new double[columns.size()];
                for (int i = 0; i < columns.size(); i++) {
                    ModelResult other = find(reports.get(i), m.name());
                    v[i] = other == null ? Double.NaN : metric.value().applyAsDouble(other);
                    b.append(' ').append(f(v[i])).append(" |");
                }
                b.append(' ').append(f(v[0] - v[1])).append(" |\n");
            }
        }
        return b.toString();
    }

    /** Appends the section to {@code report.md} in {@code runDir} and writes it alone to generalisation.md. */
    public static Path append(Path runDir, List<Column> columns) throws IOException {
        String section = markdown(columns);
        Path md = runDir.resolve("report.md");
        String base = Files.readString(md, StandardCharsets.UTF_8);
        int old = base.indexOf("\n## Generalisation: every model on each evaluated split\n");
        if (old >= 0) {
            base = base.substring(0, old);
        }
        AtomicFiles.write(md, true, (base + section).getBytes(StandardCharsets.UTF_8));
        Path alone = runDir.resolve("generalisation.md");
        AtomicFiles.write(alone, true, section.getBytes(StandardCharsets.UTF_8));
        return alone;
    }

    private static ModelResult find(EvaluationReport r, String name) {
        return r.models().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
