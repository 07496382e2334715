package io.veernet.eval;

import io.veernet.train.EpochRecord;
import io.veernet.train.ValidationScore;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's charts, drawn with XChart. */
public final class ReportCharts {

    private ReportCharts() {
    }

    /**
     * Validation score (mean of the curves' median R-squared) per epoch for raw, each EMA and SWA,
     * with the SWA start marked.
     */
    public static BufferedImage validation(List<EpochRecord> history, int swaStartEpoch) {
        XYChart chart = new XYChartBuilder().width(900).height(480).title("Validation score per epoch")
                .xAxisTitle("epoch").yAxisTitle("mean of the curves' median R-squared").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (EpochRecord r : history) {
            for (Map.Entry<String, ValidationScore> e : r.validation().entrySet()) {
                double s = e.getValue().score();
                series.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new double[] {r.epoch(), s});
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (swaStartEpoch > 0 && !series.isEmpty()) {
            XYSeries start = chart.addSeries("SWA starts", new double[] {swaStartEpoch, swaStartEpoch},
                    new double[] {min, max});
            start.setMarker(SeriesMarkers.NONE);
            start.setLineColor(Color.GRAY);
            start.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Post-hoc EMA: validation score against the rebuilt EMA length (sigma_rel), the chosen length marked. */
    public static BufferedImage postHocSweep(PostHocChoice choice) {
        XYChart chart = new XYChartBuilder().width(700).height(420).title("Post-hoc EMA: validation score against EMA length")
                .xAxisTitle("sigma_rel (EMA length relative to training time)")
                .yAxisTitle("mean of the curves' median R-squared").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        double[] x = choice.sweep().stream().mapToDouble(PostHocChoice.Point::sigmaRel).toArray();
        double[] y = choice.sweep().stream().mapToDouble(PostHocChoice.Point::score).toArray();
        chart.addSeries("validation score", x, y).setMarker(SeriesMarkers.CIRCLE);
        double best = choice.sweep().stream().filter(p -> p.sigmaRel() == choice.chosen())
                .mapToDouble(PostHocChoice.Point::score).findFirst().orElse(Double.NaN);
        chart.addSeries("chosen", new double[] {choice.chosen()}, new double[] {best}).setMarker(SeriesMarkers.DIAMOND);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Per-image R-squared (mean of the two curves, 300-point grid) for every model, as box plots.
     * Values below {@code floor} are drawn at the floor so one disaster does not flatten the rest.
     */
    public static BufferedImage r2Distribution(List<ModelResult> models, double floor) {
        BoxChart chart = new BoxChartBuilder().width(900).height(480)
                .title("Per-image R-squared by model, " + Evaluator.PICTURED_EXTRACTOR.label() + " extractor (values below "
                        + floor + " drawn at " + floor + ")")
                .yAxisTitle("mean of the curves' R-squared").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        for (ModelResult m : models) {
            List<Double> v = new ArrayList<>();
            for (double r : m.extraction(Evaluator.PICTURED_EXTRACTOR).imageR2()) {
                if (!Double.isNaN(r)) {
                    v.add(Math.max(floor, r));
                }
            }
            if (!v.isEmpty()) {
                chart.addSeries(m.name(), v);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Reliability: each model's observed share of truth points inside its central intervals against the nominal level (calibrated spread). */
    public static BufferedImage reliability(List<ModelResult> models) {
        XYChart chart = new XYChartBuilder().width(700).height(480).title("Reliability of the spread (calibrated, both curves)")
                .xAxisTitle("nominal coverage of the central interval").yAxisTitle("observed share of truth points inside").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        double[] levels = io.veernet.data.metrics.SpreadCoverage.LEVELS;
        chart.addSeries("ideal", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE)
                .setLineColor(Color.GRAY);
        for (ModelResult m : models) {
            if (m.spread() == null) {
                continue;
            }
            for (int c = 0; c < 2; c++) {
                chart.addSeries(m.name() + " curve " + (c + 1), levels, m.spread().calibrated().get(c).observed())
                        .setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }
}
