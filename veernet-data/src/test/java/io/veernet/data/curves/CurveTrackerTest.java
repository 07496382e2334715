package io.veernet.data.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veernet.data.dataset.CurveTruth;
import io.veernet.data.dataset.Track;
import io.veernet.data.dataset.ValueScale;
import io.veernet.data.metrics.CurveScore;
import io.veernet.data.metrics.CurveScorer;
import io.veernet.data.metrics.IdentitySwaps;
import io.veernet.data.raster.LabelMask;
import io.veernet.data.synth.LogSynthesizer;
import io.veernet.data.synth.SampleSeeds;
import io.veernet.data.synth.SynthConfig;
import io.veernet.data.synth.SyntheticLog;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;

/** Known-answer tests of the tracked extractor (issue 14's acceptance list). */
class CurveTrackerTest {

    private static final int H = 64;
    private static final int W = 200;
    private static final Track TRACK = new Track(5, 59);

    private static double[] line(IntToDoubleFunction f) {
        double[] r = new double[W];
        for (int x = 0; x < W; x++) {
            r[x] = f.applyAsDouble(x);
        }
        return r;
    }

    private static List<ExtractedCurve> tracked(ClassProbabilities map, Track track) {
        return Extractor.TRACKED.extract(map, track, TrackerConfig.defaults());
    }

    private static double maxError(double[] rows, double[] truth, int from, int to) {
        double worst = 0;
        for (int x = from; x < to; x++) {
            if (!Double.isNaN(truth[x])) {
                worst = Math.max(worst, Math.abs(rows[x] - truth[x]));
            }
        }
        return worst;
    }

    /**
     * Curve 1 runs down, curve 2 up; they cross at column 69. For 28 columns around the crossing
     * the map labels each trace as the other curve (0.6 for the wrong class, 0.3 for the right
     * one). The centroid follows the labels onto the wrong trace; the tracker keeps both identities.
     */
    @Test
    void crossingTracesWithSwappedLookingProbabilitiesKeepTheirIdentities() {
        double[] a = line(x -> 10 + 0.3 * x);
        double[] b = line(x -> 62 - 0.45 * x);
        TraceMaps.Look swappedNearCrossing1 = x -> x >= 56 && x < 84 ? new double[] {0.3, 0.6} : new double[] {0.9, 0.02};
        TraceMaps.Look swappedNearCrossing2 = x -> x >= 56 && x < 84 ? new double[] {0.6, 0.3} : new double[] {0.02, 0.9};
        ClassProbabilities map = new TraceMaps(H, W).trace(a, swappedNearCrossing1).trace(b, swappedNearCrossing2).build();

        List<ExtractedCurve> t = tracked(map, TRACK);
        List<ExtractedCurve> c = Extractor.CENTROID.extract(map, TRACK, TrackerConfig.defaults());
        // Where the traces are more than 6 px apart each curve is nearer its own trace than the other;
        // outside the mislabelled stretch, within 1 px of it. (Closer in, the two 1-px profiles merge
        // into runs whose centres lean to the stronger label.)
        for (int x = 0; x < W; x++) {
            boolean onMap = b[x] > 2 && a[x] < H - 3;
            if (onMap && Math.abs(a[x] - b[x]) > 6) {
                double e1 = t.get(0).rows()[x];
                double e2 = t.get(1).rows()[x];
                assertTrue(Math.abs(e1 - a[x]) < Math.abs(e1 - b[x]), "curve 1 swapped at column " + x + ": " + e1);
                assertTrue(Math.abs(e2 - b[x]) < Math.abs(e2 - a[x]), "curve 2 swapped at column " + x + ": " + e2);
                if (x < 56 || x >= 84) {
                    assertEquals(a[x], e1, 1.0, "curve 1 at column " + x);
                    assertEquals(b[x], e2, 1.0, "curve 2 at column " + x);
                }
            }
        }
        IdentitySwaps trackedSwaps = new IdentitySwaps();
        trackedSwaps.add(a, b, t.get(0).rows(), t.get(1).rows());
        IdentitySwaps centroidSwaps = new IdentitySwaps();
        centroidSwaps.add(a, b, c.get(0).rows(), c.get(1).rows());
        assertTrue(trackedSwaps.overallRate() < 0.03, "tracked swap rate " + trackedSwaps.overallRate());
        assertTrue(centroidSwaps.overallRate() > 0.1, "centroid swap rate " + centroidSwaps.overallRate());
        // The case is a real trap: the baseline swaps in it.
        assertTrue(maxError(c.get(0).rows(), a, 56, 64) > 3, "the centroid should follow the swapped labels");
    }

    /** Two traces cross with correct labels; curve 1 is drawn on top, so curve 2 vanishes at the crossing. */
    @Test
    void cleanCrossingIsFollowedThroughTheHiddenColumns() {
        double[] a = line(x -> 50 - 0.2 * x);
        double[] b = line(x -> 15 + 0.15 * x);
        double[] bVisible = b.clone();
        for (int x = 0; x < W; x++) {
            if (Math.abs(a[x] - b[x]) < 2.5) {
                bVisible[x] = Double.NaN;
            }
        }
        ClassProbabilities map = new TraceMaps(H, W).trace(a, TraceMaps.constant(0.9, 0.02))
                .trace(bVisible, TraceMaps.constant(0.02, 0.9)).build();
        List<ExtractedCurve> t = tracked(map, TRACK);
        assertTrue(maxError(t.get(0).rows(), a, 0, W) < 0.5);
        assertTrue(maxError(t.get(1).rows(), b, 0, W) < 0.5);
    }

    /** A strong one-column speck far from the trace, in a column where the trace itself is missing. */
    @Test
    void aOneColumnSpeckFarFromTheTraceIsNotFollowed() {
        double[] a = line(x -> 30 + 8 * Math.sin(x / 25.0));
        double[] broken = a.clone();
        broken[100] = Double.NaN;
        ClassProbabilities map = new TraceMaps(H, W).trace(broken, TraceMaps.constant(0.9, 0.02))
                .speck(100, 52, 54, 1, 0.95).speck(140, 8, 9, 1, 0.95).build();
        ExtractedCurve t = tracked(map, TRACK).get(0);
        assertTrue(maxError(t.rows(), a, 0, W) < 0.6, "error " + maxError(t.rows(), a, 0, W));
        assertFalse(t.observed()[100]);
        ExtractedCurve c = Extractor.CENTROID.extract(map, TRACK, TrackerConfig.defaults()).get(0);
        assertTrue(Math.abs(c.rows()[100] - 53) < 1, "the centroid takes the speck");
    }

    /**
     * Curve 2 dashed: 12 columns inked, then gaps growing to 30 columns; curve 1 runs 12 px away.
     * Every gap is bridged on curve 2's own line, never on curve 1.
     */
    @Test
    void aDashedTraceWithGapsOfUpTo30ColumnsIsBridged() {
        double[] truth2 = line(x -> 40 + 6 * Math.sin(x / 60.0));
        double[] inked = truth2.clone();
        int x = 0;
        int gap = 5;
        int gaps = 0;
        while (x < W) {
            x += 12;
            for (int g = x; g < Math.min(W, x + gap); g++) {
                inked[g] = Double.NaN;
            }
            x += gap;
            gap = Math.min(30, gap + 5);
            gaps++;
        }
        double[] truth1 = line(c -> truth2[c] - 12);
        ClassProbabilities map = new TraceMaps(H, W).trace(truth1, TraceMaps.constant(0.9, 0.03))
                .trace(inked, TraceMaps.constant(0.03, 0.8)).speck(150, 20, 21, 2, 0.7).build();
        ExtractedCurve t = tracked(map, TRACK).get(1);
        assertTrue(gaps >= 6);
        int lastInked = W - 1;
        while (Double.isNaN(inked[lastInked])) {
            lastInked--;
        }
        // Bridged between dashes; after the last dash the row is held, as for every extractor.
        assertTrue(maxError(t.rows(), truth2, 0, lastInked) < 0.6, "error " + maxError(t.rows(), truth2, 0, lastInked));
        for (int c = 0; c < W; c++) {
            assertEquals(!Double.isNaN(inked[c]), t.observed()[c], "column " + c);
        }
    }

    /**
     * Curve 2 dotted (one column in three) steps 24 rows down inside a dot gap, with curve 1 between
     * the two levels. With {@code miss_weight} 1 passing over a dot costs more than following it, and
     * every dot after the step is read on its own level: the step costs one capped jump, which the
     * gap state pays once. With one absent state, every later dot paid it again (any miss weight).
     */
    @Test
    void aDottedTraceThatStepsInAGapIsPickedUpOnItsNewLevel() {
        TrackerConfig reading = TrackerConfig.defaults().withMissWeight(1.0);
        double[] truth2 = line(x -> x < 60 ? 20 : 44);
        double[] dots = line(x -> x % 3 == 0 ? truth2[x] : Double.NaN);
        double[] truth1 = line(x -> 32);
        ClassProbabilities map = new TraceMaps(H, W).trace(truth1, TraceMaps.constant(0.9, 0.03))
                .trace(dots, TraceMaps.constant(0.03, 0.8)).build();
        ExtractedCurve t = Extractor.TRACKED.extract(map, TRACK, reading).get(1);
        for (int x = 0; x < W; x++) {
            assertEquals(x % 3 == 0, t.observed()[x], "column " + x);
        }
        assertTrue(maxError(t.rows(), dots, 0, W) < 0.6, "error on the dots " + maxError(t.rows(), dots, 0, W));
    }

    /**
     * Curve 1 at unwrapped track positions {@code position}, drawn wrapped from the bottom edge
     * past the scale's end (as the generator draws a backup), beside curve 2 wavering around
     * {@code otherRow}.
     */
    private static ClassProbabilities backupMap(double[] position, double otherRow) {
        double[] drawn = line(x -> TRACK.rowOf(position[x] - Math.floor(position[x])));
        double[] other = line(x -> otherRow + 3 * Math.sin(x / 30.0));
        return new TraceMaps(H, W).trace(drawn, TraceMaps.constant(0.9, 0.02))
                .trace(other, TraceMaps.constant(0.02, 0.85)).build();
    }

    /**
     * Curve 1 rises past the top of the scale and is drawn wrapped from the bottom edge (as the
     * generator draws a backup trace), then comes back: the tracker returns the unwrapped rows.
     */
    @Test
    void aWrapAtTheTopEdgeIsUnwrappedToTheTrueValues() {
        double[] position = line(x -> x < 120 ? 0.7 + 0.005 * x : 1.3 - 0.00625 * (x - 120));
        double[] drawn = line(x -> TRACK.rowOf(position[x] - Math.floor(position[x])));
        double[] unwrapped = line(x -> TRACK.rowOf(position[x]));
        ClassProbabilities map = backupMap(position, 35);
        ExtractedCurve t = tracked(map, TRACK).get(0);
        assertTrue(maxError(t.unwrappedRows(), unwrapped, 0, W) < 0.6, "error " + maxError(t.unwrappedRows(), unwrapped, 0, W));
        assertTrue(maxError(t.rows(), drawn, 0, W) < 0.6);
        ValueScale scale = new ValueScale(0, 150, false);
        for (int x = 0; x < W; x++) {
            double value = scale.toValue(TRACK.positionOf(t.unwrappedRows()[x]));
            assertEquals(scale.toValue(position[x]), value, 0.01 * 150, "column " + x);
        }
        // Without a track there is nothing to unwrap against.
        ExtractedCurve plain = tracked(map, null).get(0);
        assertTrue(Arrays.equals(plain.rows(), plain.unwrappedRows()));
    }

    /**
     * Curve 1 rises past the scale's end (drawn from the bottom, as a backup), stays there twenty
     * columns and drops back low on the scale, with no flank drawn between: the straight step from
     * the backup to the landing is shorter than the wrapped one, so a tracker that keeps the wrap
     * level only as a path's memory stays a span high for the rest of the log. The level is in the tracker's state,
     * and a backup running high on the track costs {@code backup_cost} per column, so it comes back.
     */
    @Test
    void aShortExcursionPastTheScaleEndComesBackToTheScale() {
        double[] position = line(x -> x < 96 ? 0.9 : x < 100 ? 0.9 + 0.04 * (x - 95) : x < 120 ? 1.06
                : 0.3 + 0.25 * Math.sin((x - 120) / 15.0));
        double[] unwrapped = line(x -> TRACK.rowOf(position[x]));
        ClassProbabilities map = backupMap(position, 30);
        ExtractedCurve t = tracked(map, TRACK).get(0);
        assertTrue(maxError(t.unwrappedRows(), unwrapped, 0, W) < 0.6, "error " + maxError(t.unwrappedRows(), unwrapped, 0, W));
        // With backup_cost 0 the level floats, and the straight reading keeps every later column a span off.
        TrackerConfig d = TrackerConfig.defaults();
        TrackerConfig free = new TrackerConfig(d.floor(), d.maxCandidates(), d.classWeight(), d.absent(), d.switchCost(),
                d.jumpWeight(), d.jumpSlack(), d.jumpDrift(), d.jumpCap(), d.shareCost(), d.wrapCost(), d.missWeight(), 0);
        ExtractedCurve floating = Extractor.TRACKED.extract(map, TRACK, free).get(0);
        assertTrue(maxError(floating.unwrappedRows(), unwrapped, 120, W) > 0.9 * TRACK.height(),
                "error without backup_cost " + maxError(floating.unwrappedRows(), unwrapped, 120, W));
    }

    /**
     * Curve 2 falls steeply for ten columns, is not drawn for 28 (a long dash gap) and comes back
     * 12 rows above where it left, where it stays. The fall's slope carried over the whole gap
     * would cross the bottom edge and land on the new trace one span down, so reading the first 80
     * columns on a backup would cost only their {@code backup_cost} and one wrap, less than the
     * straight step's capped jump. Across an edge a slope is carried over a short gap only, so the
     * log stays on its scale.
     */
    @Test
    void aSlopeIsNotCarriedAcrossAnEdgeOverALongGap() {
        double[] truth2 = line(x -> x < 70 ? 30 : x < 80 ? 30 + 1.5 * (x - 69) : 33 + Math.sin(x / 20.0));
        double[] drawn = line(x -> x >= 80 && x < 108 ? Double.NaN : truth2[x]);
        double[] truth1 = line(x -> 15 + 3 * Math.sin(x / 25.0));
        ClassProbabilities map = new TraceMaps(H, W).trace(truth1, TraceMaps.constant(0.9, 0.02))
                .trace(drawn, TraceMaps.constant(0.02, 0.85)).build();
        ExtractedCurve t = tracked(map, TRACK).get(1);
        assertTrue(maxError(t.unwrappedRows(), drawn, 0, W) < 0.6, "error " + maxError(t.unwrappedRows(), drawn, 0, W));
    }

    /** Curve 2 is not logged over the first 80 columns; curve 1 runs 10 px away all along. */
    @Test
    void anAbsentStretchStaysAbsentAndCoverageCountsIt() {
        double[] truth1 = line(x -> 25 + 4 * Math.sin(x / 20.0));
        double[] truth2 = line(x -> x < 80 ? Double.NaN : 35 + 4 * Math.sin(x / 20.0));
        ClassProbabilities map = new TraceMaps(H, W).trace(truth1, TraceMaps.constant(0.9, 0.05))
                .trace(truth2, TraceMaps.constant(0.05, 0.85)).build();
        ExtractedCurve t = tracked(map, TRACK).get(1);
        for (int x = 0; x < 80; x++) {
            assertFalse(t.observed()[x], "column " + x);
        }
        for (int x = 80; x < W; x++) {
            assertTrue(t.observed()[x], "column " + x);
        }
        assertEquals(0.6, t.coverage(), 1e-9);
        CurveTruth truth = new CurveTruth(2, "ILD", "OHMM", new ValueScale(0, 1, false), "dashed", truth2,
                truth2.clone(), new boolean[W]);
        CurveScore s = new CurveScorer().score(truth, TRACK, t);
        assertEquals(1.0, s.coverage(), 1e-9);
        assertTrue(s.maePixels() < 0.2, "MAE px " + s.maePixels());
    }

    /** Clean masks of generated logs (one-hot probabilities): mean error against the truth under 0.3 px. */
    @Test
    void subPixelErrorOnCleanMasksStaysUnderAThirdOfAPixel() {
        SynthConfig cfg = SynthConfig.defaults().withSize(new SynthConfig.Range(600, 600), new SynthConfig.Range(96, 96))
                .withRealism(0.4);
        LogSynthesizer synth = new LogSynthesizer(cfg);
        double[] sum = new double[2];
        long[] n = new long[2];
        for (int i = 0; i < 6; i++) {
            SyntheticLog log = synth.generate(SampleSeeds.of(3, "t", i));
            ClassProbabilities map = oneHot(log.mask());
            for (Extractor e : Extractor.values()) {
                List<ExtractedCurve> curves = e.extract(map, log.truth().track(), TrackerConfig.defaults());
                for (ExtractedCurve c : curves) {
                    CurveTruth truth = log.truth().curve(c.classId());
                    for (int x = 0; x < log.truth().width(); x++) {
                        if (truth.present(x) && truth.ink()[x] && c.observed()[x]) {
                            sum[e.ordinal()] += Math.abs(c.rows()[x] - truth.row()[x]);
                            n[e.ordinal()]++;
                        }
                    }
                }
            }
        }
        double centroid = sum[0] / n[0];
        double tracked = sum[1] / n[1];
        assertTrue(tracked < 0.3, "tracked mean error " + tracked + " px (centroid " + centroid + ")");
        assertTrue(n[1] > 0.9 * n[0], "tracked observed " + n[1] + " inked columns, centroid " + n[0]);
    }

    /**
     * Generated logs whose linear curves all wrap (backup traces drawn from the bottom edge), read
     * off their clean masks: a measured floor, not the goal. 10 of the 16 wrapped curves come back
     * within 1% of the scale span (8 while the wrap level was only a path's memory); the centroid,
     * which cannot unwrap, brings back almost none. The rest keep a wrong level over a stretch: where
     * a bed boundary takes a wrapped value (just past the right end, drawn at the bottom) to one just
     * above the left end, both are drawn at the bottom and the image cannot tell the two readings
     * apart; and a dotted trace's backup is bridged rather than read dot by dot at the default costs.
     */
    @Test
    void wrappedGeneratedLogsReadBackToTheirTrueValuesOnMostCurves() {
        SynthConfig.Curves c = SynthConfig.Curves.defaults();
        SynthConfig.Curves wrapping = new SynthConfig.Curves(List.of("blocky", "smooth"), c.strokeWidth(),
                c.minStrokeWidth(), c.noise(), 1.0, 0, c.breaksPer1000(), c.curve2Patterns());
        List<double[]> mae = valueErrors(wrapping, 21, 8);
        long tracked = mae.stream().filter(v -> v[0] < 0.01).count();
        long centroid = mae.stream().filter(v -> v[1] < 0.01).count();
        String figures = mae.stream().map(v -> String.format(java.util.Locale.ROOT, "%.4f/%.4f", v[0], v[1])).toList().toString();
        assertEquals(16, mae.size(), figures);
        assertTrue(tracked >= 10, tracked + " tracked within 1% (tracked/centroid value MAE " + figures + ")");
        assertTrue(centroid <= 1, centroid + " centroid within 1% (" + figures + ")");
    }

    /** Logs that never wrap: unwrapping must stay off on nearly every curve (measured: 58 of 60 on clean masks). */
    @Test
    void logsThatNeverWrapAreRarelyUnwrapped() {
        SynthConfig.Curves c = SynthConfig.Curves.defaults();
        SynthConfig.Curves plain = new SynthConfig.Curves(c.kinds(), c.strokeWidth(), c.minStrokeWidth(), c.noise(), 0.0,
                c.absentProbability(), c.breaksPer1000(), c.curve2Patterns());
        SynthConfig d = SynthConfig.defaults().withSize(new SynthConfig.Range(600, 600), new SynthConfig.Range(96, 96));
        SynthConfig cfg = new SynthConfig(d.width(), d.height(), 0.4, d.depth(), plain, d.grid(), d.text(), d.defects(), d.profile(), 0);
        int unwrapped = 0;
        for (int i = 0; i < 30; i++) {
            SyntheticLog log = new LogSynthesizer(cfg).generate(SampleSeeds.of(5, "t", i));
            for (ExtractedCurve e : tracked(oneHot(log.mask()), log.truth().track())) {
                for (int x = 0; x < e.width(); x++) {
                    if (Math.abs(e.rows()[x] - e.unwrappedRows()[x]) > 1) {
                        unwrapped++;
                        break;
                    }
                }
            }
        }
        assertTrue(unwrapped <= 3, unwrapped + " of 60 curves unwrapped");
    }

    /** Per wrapped curve of {@code logs} generated logs: {tracked, centroid} value MAE in scale spans. */
    private static List<double[]> valueErrors(SynthConfig.Curves curves, long seed, int logs) {
        SynthConfig d = SynthConfig.defaults().withSize(new SynthConfig.Range(600, 600), new SynthConfig.Range(96, 96));
        SynthConfig cfg = new SynthConfig(d.width(), d.height(), 0.4, d.depth(), curves, d.grid(), d.text(), d.defects(), d.profile(), 0);
        LogSynthesizer synth = new LogSynthesizer(cfg);
        List<double[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < logs; i++) {
            SyntheticLog log = synth.generate(SampleSeeds.of(seed, "t", i));
            ClassProbabilities map = oneHot(log.mask());
            Track track = log.truth().track();
            List<ExtractedCurve> t = Extractor.TRACKED.extract(map, track, TrackerConfig.defaults());
            List<ExtractedCurve> b = Extractor.CENTROID.extract(map, track, TrackerConfig.defaults());
            for (int k = 0; k < 2; k++) {
                CurveTruth truth = log.truth().curve(k + 1);
                double mae = new CurveScorer().score(truth, track, t.get(k)).valueMae();
                if (!Double.isNaN(mae)) {
                    out.add(new double[] {mae, new CurveScorer().score(truth, track, b.get(k)).valueMae()});
                }
            }
        }
        return out;
    }

    @Test
    void refusesMapsWithMoreThanTwoCurves() {
        ClassProbabilities four = new ClassProbabilities(4, 2, 2, new float[16]);
        assertThrows(IllegalArgumentException.class, () -> tracked(four, TRACK));
    }

    @Test
    void tracksTheOneCurveOfATwoClassMap() {
        double[] a = line(x -> 20 + 0.1 * x);
        ClassProbabilities three = new TraceMaps(H, W).trace(a, TraceMaps.constant(0.9, 0)).build();
        float[] data = Arrays.copyOf(three.data(), 2 * H * W);
        ExtractedCurve t = tracked(new ClassProbabilities(2, H, W, data), TRACK).get(0);
        assertTrue(maxError(t.rows(), a, 0, W) < 0.5);
    }

    private static ClassProbabilities oneHot(LabelMask mask) {
        int plane = mask.width() * mask.height();
        float[] data = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            data[mask.labels()[i] * plane + i] = 1;
        }
        return new ClassProbabilities(3, mask.height(), mask.width(), data);
    }
}
