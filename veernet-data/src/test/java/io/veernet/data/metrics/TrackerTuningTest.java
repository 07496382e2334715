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
            samples.add(new Sample(new SampleRef(Path.of("mem"), "validation", "00000" + i), log.image(), log.mask(), log.truth()));
            maps.add(weakMap(log));
        }
        TrackerConfig d = TrackerConfig.defaults();
        TrackerConfig blind = new TrackerConfig(0.5, d.maxCandidates(), d.classWeight(), d.absent(), d.switchCost(),
                d.jumpWeight(), d.jumpSlack(), d.jumpDrift(), d.jumpCap(), d.shareCost(), d.wrapCost());
        TrackerTuning.Result r = TrackerTuning.tune(samples, maps, blind);
        assertTrue(r.chosen().floor() < 0.4, "floor " + r.chosen().floor());
        assertTrue(r.startObjective() < 0 && r.objective() > 0.9, r.startObjective() + " -> " + r.objective());
        assertEquals(r.objective(), TrackerTuning.objective(samples, maps, Extractor.TRACKED, r.chosen()), 1e-12);
        assertTrue(r.trials().stream().anyMatch(TrackerTuning.Trial::kept));
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
