package io.veernet.data.metrics;

import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.Extractor;
import io.veernet.data.curves.TrackerConfig;

import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.synth.LogSynthesizer;
import io.veernet.data.synth.SampleSeeds;
import io.veernet.data.synth.SynthConfig;
import io.veernet.data.synth.SyntheticLog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackerTuningTest {

    /**
     * Maps whose trace pixels hold only 0.45 of their class (0.5 background): a floor of 0.5
     * finds no segment at all, so tuning from it must lower the floor and recover the curves.
     */
    @Test
    void aFloorAboveEveryTraceIsTunedDown() {
        SynthConfig cfg = SynthConfig.defaults().withSize(new SynthConfig.Range(400, 400), new SynthConfig.Range(64, 64));
        LogSynthesizer synth = new LogSynthesizer(cfg);
        List<Sample> samples = new ArrayList<>();
        List<ClassProbabilities> maps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SyntheticLog log = synth.generate(SampleSeeds.of(21, "validation", i));
            samples.add(sample(log, i));
            maps.add(weakMap(log));
        }
        TrackerConfig d = TrackerConfig.defaults();
        TrackerConfig blind = new TrackerConfig(0.5, d.maxCandidates(), d.classWeight(), d.absent(), d.switchCost(),
                d.jumpWeight(), d.jumpSlack(), d.jumpDrift(), d.jumpCap(), d.shareCost(), d.wrapCost(), d.missWeight(), d.backupCost());
        TrackerTuning.Result r = TrackerTuning.tune(samples, maps, blind);
        assertTrue(r.chosen().floor() < 0.4, "floor " + r.chosen().floor());
        assertTrue(r.startObjective() < 0 && r.objective() > 0.9, r.startObjective() + " -> " + r.objective());
        assertEquals(r.objective(), TrackerTuning.objective(samples, maps, Extractor.TRACKED, r.chosen()), 1e-12);
        assertTrue(r.trials().stream().anyMatch(TrackerTuning.Trial::kept));
    }

    /**
     * The objective is the R2 part less the swap rate: maps that give each curve's pixels to the
     * other class swap nearly every eligible column and pay for it, maps true to the mask pay nothing.
     */
    @Test
    void swappedIdentitiesCostTheirRate() {
        SynthConfig cfg = SynthConfig.defaults().withSize(new SynthConfig.Range(400, 400), new SynthConfig.Range(64, 64));
        LogSynthesizer synth = new LogSynthesizer(cfg);
        List<Sample> samples = new ArrayList<>();
        List<ClassProbabilities> truthful = new ArrayList<>();
        List<ClassProbabilities> swapped = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SyntheticLog log = synth.generate(SampleSeeds.of(22, "validation", i));
            samples.add(sample(log, i));
            truthful.add(map(log, false));
            swapped.add(map(log, true));
        }
        // Costs that read exact maps' dotted traces dot by dot (the defaults leave many dots to the fill).
        TrackerConfig costs = TrackerConfig.defaults().withMissWeight(1.0);
        for (Extractor e : Extractor.values()) {
            TrackerTuning.Score right = TrackerTuning.score(samples, truthful, e, costs);
            TrackerTuning.Score wrong = TrackerTuning.score(samples, swapped, e, costs);
            // Exact maps still swap a little: a filled dash gap can pass nearer curve 1, and the mask
            // gives a crossing's pixels to one class (1.1% tracked, 0.2% centroid on these logs).
            assertTrue(right.swapRate() < 0.03, e + " truthful swap rate " + right.swapRate());
            assertTrue(wrong.swapRate() > 0.85, e + " swapped swap rate " + wrong.swapRate());
            assertEquals(wrong.r2() - TrackerTuning.SWAP_WEIGHT * wrong.swapRate() - TrackerTuning.WRAP_WEIGHT * wrong.wrapMae(),
                    wrong.objective(), 1e-12);
            assertEquals(wrong.objective(), TrackerTuning.objective(samples, swapped, e, costs), 1e-12);
            assertTrue(right.objective() > wrong.objective() + 0.75, e + ": " + right + " vs " + wrong);
        }
    }

    /**
     * The objective sees the value of wrapped curves, which R2 on the drawn rows cannot: on logs
     * whose linear curves all wrap, the centroid (which never unwraps) is off by part of a span on
     * every wrapped curve and pays it; logs that never wrap pay nothing.
     */
    @Test
    void wrappedCurvesPayTheirValueError() {
        SynthConfig.Curves c = SynthConfig.Curves.defaults();
        SynthConfig d = SynthConfig.defaults().withSize(new SynthConfig.Range(400, 400), new SynthConfig.Range(64, 64));
        List<Sample> samples = new ArrayList<>();
        List<ClassProbabilities> maps = new ArrayList<>();
        for (double wrap : new double[] {1.0, 0.0}) {
            SynthConfig.Curves curves = new SynthConfig.Curves(List.of("blocky", "smooth"), c.strokeWidth(), c.minStrokeWidth(),
                    c.noise(), wrap, 0, c.breaksPer1000(), c.curve2Patterns());
            SynthConfig cfg = new SynthConfig(d.width(), d.height(), d.realism(), d.depth(), curves, d.grid(), d.text(),
                    d.defects(), d.profile(), 0);
            samples.clear();
            maps.clear();
            for (int i = 0; i < 4; i++) {
                SyntheticLog log = new LogSynthesizer(cfg).generate(SampleSeeds.of(25, "validation", i));
                samples.add(sample(log, i));
                maps.add(map(log, false));
            }
            // Costs that read exact maps' dotted traces dot by dot: with the defaults' miss_weight 0, holding
            // a dotted curve 2 costs about what following it does, and some logs are read as a straight fill.
            TrackerConfig costs = TrackerConfig.defaults().withMissWeight(1.0);
            TrackerTuning.Score centroid = TrackerTuning.score(samples, maps, Extractor.CENTROID, costs);
            TrackerTuning.Score tracked = TrackerTuning.score(samples, maps, Extractor.TRACKED, costs);
            if (wrap > 0) {
                assertTrue(centroid.wrapMae() > 0.05, "centroid " + centroid);
                assertTrue(tracked.wrapMae() < centroid.wrapMae() / 2, "tracked " + tracked + ", centroid " + centroid);
            } else {
                assertEquals(0, centroid.wrapMae());
                assertEquals(0, tracked.wrapMae());
            }
            assertEquals(centroid.r2() - TrackerTuning.SWAP_WEIGHT * centroid.swapRate()
                    - TrackerTuning.WRAP_WEIGHT * centroid.wrapMae(), centroid.objective(), 1e-12);
        }
    }

    /**
     * Tuned on two splits, the objective is the mean of theirs, each split counting alike whatever its
     * size: one log of swapped maps weighs as much as three truthful ones.
     */
    @Test
    void severalSplitsCountAlike() {
        SynthConfig cfg = SynthConfig.defaults().withSize(new SynthConfig.Range(300, 300), new SynthConfig.Range(64, 64));
        LogSynthesizer synth = new LogSynthesizer(cfg);
        List<Sample> many = new ArrayList<>();
        List<ClassProbabilities> truthful = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SyntheticLog log = synth.generate(SampleSeeds.of(23, "validation", i));
            many.add(sample(log, i));
            truthful.add(map(log, false));
        }
        SyntheticLog one = synth.generate(SampleSeeds.of(24, "validation", 0));
        List<Sample> single = List.of(sample(one, 0));
        TrackerTuning.Split a = new TrackerTuning.Split(many, truthful);
        TrackerTuning.Split b = new TrackerTuning.Split(single, List.of(map(one, true)));
        TrackerConfig costs = TrackerConfig.defaults().withMissWeight(1.0);
        double oa = a.score(Extractor.TRACKED, costs).objective();
        double ob = b.score(Extractor.TRACKED, costs).objective();
        assertTrue(oa > ob + 0.75, oa + " vs " + ob);
        assertEquals((oa + ob) / 2, TrackerTuning.objective(List.of(a, b), Extractor.TRACKED, costs), 1e-12);
        TrackerTuning.Result r = TrackerTuning.tune(List.of(a, b), costs);
        assertEquals((oa + ob) / 2, r.startObjective(), 1e-12);
        assertEquals(r.objective(), TrackerTuning.objective(List.of(a, b), Extractor.TRACKED, r.chosen()), 1e-12);
        assertThrowsIllegal(() -> new TrackerTuning.Split(many, truthful.subList(0, 2)));
        assertThrowsIllegal(() -> TrackerTuning.tune(List.of(), costs));
    }

    private static Sample sample(SyntheticLog log, int i) {
        return new Sample(new SampleRef(Path.of("mem"), "validation", "00000" + i), log.image(), log.mask(), log.truth());
    }

    private static void assertThrowsIllegal(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
    }

    private static ClassProbabilities map(SyntheticLog log, boolean swapClasses) {
        int w = log.mask().width();
        int h = log.mask().height();
        int plane = w * h;
        float[] p = new float[3 * plane];
        byte[] labels = log.mask().labels();
        for (int i = 0; i < plane; i++) {
            int k = labels[i];
            int shown = swapClasses && k > 0 ? 3 - k : k;
            p[shown * plane + i] = 1f;
        }
        return new ClassProbabilities(3, h, w, p);
    }

    private static ClassProbabilities weakMap(SyntheticLog log) {
        int w = log.mask().width();
        int h = log.mask().height();
        int plane = w * h;
        float[] p = new float[3 * plane];
        byte[] labels = log.mask().labels();
        for (int i = 0; i < plane; i++) {
            int k = labels[i];
            for (int c = 0; c < 3; c++) {
                p[c * plane + i] = k == 0 ? (c == 0 ? 0.98f : 0.01f) : (c == k ? 0.45f : c == 0 ? 0.5f : 0.05f);
            }
        }
        return new ClassProbabilities(3, h, w, p);
    }
}
