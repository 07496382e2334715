package io.veernet.train;

import ai.djl.ndarray.NDManager;
import io.veernet.config.ConfigException;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.model.checkpoint.Checkpoint;
import io.veernet.model.checkpoint.CheckpointStore;
import io.veernet.model.checkpoint.StoreIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @TempDir
    Path tmp;

    static Trainer.Result train(VeernetConfig cfg, Path runDir, StopSignal stop, long stopAtStep) throws Exception {
        Dataset data = SmokeRuns.dataset();
        try (RunFolder run = RunFolder.openLocked(runDir)) {
            Trainer trainer = new Trainer(cfg, run, data, stop, StoreIo.local());
            trainer.onStep((step, status) -> {
                if (step == stopAtStep) {
                    stop.request();
                }
            });
            return trainer.run(false);
        }
    }

    /** Every tensor of the newest checkpoint (weights, optimizer state, EMAs, SWA), by group/name. */
    static Map<String, float[]> finalState(Path runDir) throws IOException {
        Map<String, float[]> out = new TreeMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint c = RunFolder.open(runDir).checkpoints().latestValid(m).orElseThrow();
            c.groups().forEach((group, arrays) -> arrays.forEach((name, a) -> out.put(group + "/" + name, a.toFloatArray())));
        }
        return out;
    }

    static void assertSameState(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("swa/")), "SWA is part of the state");
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("optimizer.exp_avg_sq/")), "optimizer state too");
        for (String k : expected.keySet()) {
            float[] a = expected.get(k);
            float[] b = actual.get(k);
            double max = 0;
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
            assertTrue(max <= 1e-6, k + " differs by " + max);
        }
    }

    @Test
    void resumingAfterAStopGivesTheSameWeightsAsAnUninterruptedRun() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("");
        Trainer.Result straight = train(cfg, tmp.resolve("straight"), StopSignal.never(), -1);
        assertEquals(4, straight.epochsDone());
        Map<String, float[]> expected = finalState(tmp.resolve("straight"));

        // Stopped after epoch 2 (12 steps of 6 images), then resumed.
        Path halves = tmp.resolve("halves");
        TrainingException stopped = assertThrows(TrainingException.class, () -> train(cfg, halves, StopSignal.never(), 12));
        assertEquals(TrainingException.Kind.STOPPED, stopped.kind());
        assertEquals(4, train(cfg, halves, StopSignal.never(), -1).epochsDone());
        assertSameState(expected, finalState(halves));

        // Stopped in the middle of epoch 3 (step 15), then resumed.
        Path middle = tmp.resolve("middle");
        assertThrows(TrainingException.class, () -> train(cfg, middle, StopSignal.never(), 15));
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint c = RunFolder.open(middle).checkpoints().latestValid(m).orElseThrow();
            assertEquals(15, c.step());
            assertEquals(3, c.meta().path("position").path("batch").asInt());
        }
        train(cfg, middle, StopSignal.never(), -1);
        assertSameState(expected, finalState(middle));

        // The history survives the resume too.
        List<String> lines = Files.readAllLines(middle.resolve("metrics.csv"));
        assertEquals(MetricsCsv.HEADER, lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("4,24,") && l.contains(",swa,")), String.join("\n", lines));
    }

    /** Every tensor of every post-hoc EMA snapshot, by file/group/name. */
    static Map<String, float[]> postHocState(Path runDir) throws IOException {
        Map<String, float[]> out = new TreeMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (Checkpoint c : RunFolder.open(runDir).postHocSnapshots().newestValid(Integer.MAX_VALUE, m)) {
                c.groups().forEach((group, arrays) -> arrays.forEach((name, a) ->
                        out.put(c.file().getFileName() + "/" + group + "/" + name, a.toFloatArray())));
            }
        }
        return out;
    }

    @Test
    void everyAveragerResumesExactly() throws Exception {
        // Two EMA horizons, SWA, SWAD (whose window opens within 4 epochs), SWAG and two power EMAs snapshotted every epoch.
        VeernetConfig cfg = SmokeRuns.config("train: {ema: [{half_life_steps: 3}, {half_life_epochs: 2}], "
                + "swad: {enabled: true, patience: 1, tolerance: 1}, swag: {enabled: true, rank: 3, every_steps: 2}, "
                + "post_hoc_ema: {enabled: true, every_epochs: 1}}");
        train(cfg, tmp.resolve("straight"), StopSignal.never(), -1);
        Map<String, float[]> expected = finalState(tmp.resolve("straight"));
        Map<String, float[]> expectedPostHoc = postHocState(tmp.resolve("straight"));
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("swad.average/")), "SWAD's window opened: " + expected.keySet());
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("ema-3st/")) && expected.keySet().stream()
                .anyMatch(k -> k.startsWith("ema-2ep/")), "both EMAs are in the checkpoint");
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("swag.deviation-2/"))
                && expected.keySet().stream().anyMatch(k -> k.startsWith("swag.sq-mean/")), "SWAG's moments are in the checkpoint: "
                + expected.keySet());
        // One snapshot per epoch, each holding both power EMAs.
        assertEquals(4, expectedPostHoc.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().count());
        assertEquals(java.util.Set.of("power-ema-0.05", "power-ema-0.1"), expectedPostHoc.keySet().stream()
                .map(k -> k.split("/")[1]).collect(java.util.stream.Collectors.toSet()));

        Path middle = tmp.resolve("middle");
        assertThrows(TrainingException.class, () -> train(cfg, middle, StopSignal.never(), 15));
        train(cfg, middle, StopSignal.never(), -1);
        Map<String, float[]> actual = finalState(middle);
        Map<String, float[]> actualPostHoc = postHocState(middle);
        assertEquals(expected.keySet(), actual.keySet());
        assertEquals(expectedPostHoc.keySet(), actualPostHoc.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k + " must be bit-identical after the resume"));
        expectedPostHoc.forEach((k, v) -> assertArrayEquals(v, actualPostHoc.get(k), k + " must be bit-identical after the resume"));
    }

    /** Fresh logs every epoch plus online augmentation: stopped mid-epoch and resumed, the weights equal an uninterrupted run's. */
    @Test
    void freshDataTrainingResumesToIdenticalWeights() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("synth: {profile: randomised}\ntrain: {epochs: 3, fresh_data: true, augment: {enabled: true}}");
        train(cfg, tmp.resolve("fresh-straight"), StopSignal.never(), -1);
        Map<String, float[]> expected = finalState(tmp.resolve("fresh-straight"));
        Path resumed = tmp.resolve("fresh-resumed");
        assertThrows(TrainingException.class, () -> train(cfg, resumed, StopSignal.never(), 9));
        assertEquals(3, train(cfg, resumed, StopSignal.never(), -1).epochsDone());
        assertSameState(expected, finalState(resumed));
    }

    /** Fresh examples differ from the stored ones and from epoch to epoch, and repeat exactly for the same (epoch, index). */
    @Test
    void freshExamplesAreNewEveryEpochAndReproducible() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("synth: {profile: randomised}\ntrain: {fresh_data: true, augment: {enabled: true}}");
        var train = SmokeRuns.dataset().split("train");
        TrainingSource source = new TrainingSource(cfg, train);
        TrainingExample e0 = source.load(train.get(1), 0);
        assertTrue(java.util.Arrays.equals(e0.ink(), new TrainingSource(cfg, train).load(train.get(1), 0).ink()));
        assertFalse(java.util.Arrays.equals(e0.ink(), source.load(train.get(1), 1).ink()));
        assertFalse(java.util.Arrays.equals(e0.ink(), Prefetcher.decode(train.get(1), io.veernet.model.InkInput.DENSITY).ink()));
    }

    /** A model reading levelled scans trains on levelled pictures of the very logs a plain one trains on. */
    @Test
    void trainingReadsScansAsTheModelsInputSays() throws Exception {
        VeernetConfig plain = SmokeRuns.config("train: {epochs: 1}");
        VeernetConfig levelled = SmokeRuns.config("model: {input: levelled}\ntrain: {epochs: 1}");
        var train = SmokeRuns.dataset().split("train");
        var sample = io.veernet.data.dataset.Dataset.load(train.get(2));
        TrainingExample a = new TrainingSource(plain, train).load(train.get(2), 0);
        TrainingExample b = new TrainingSource(levelled, train).load(train.get(2), 0);
        assertArrayEquals(io.veernet.model.InkInput.DENSITY.of(sample.image()), a.ink());
        assertArrayEquals(io.veernet.model.InkInput.LEVELLED.of(sample.image()), b.ink());
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(java.util.Arrays.equals(a.ink(), b.ink()));
    }

    @Test
    void runFolderHoldsConfigLogMetricsCheckpointsSnapshotsAndWeights() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("train: {epochs: 2}");
        Path runDir = tmp.resolve("r");
        Dataset data = SmokeRuns.dataset();
        try (RunFolder run = RunFolder.openLocked(runDir)) {
            run.attachTrainLog();
            new Trainer(cfg, run, data, StopSignal.never(), StoreIo.local()).run(false);
        }
        for (String f : List.of("config.yaml", "train.log", "metrics.csv", "weights/raw.params", "weights/raw.safetensors",
                "weights/ema-0.9.params", "weights/ema-0.5.safetensors", "weights/swa.params")) {
            assertTrue(Files.size(runDir.resolve(f)) > 0, f);
        }
        assertEquals(2, RunFolder.open(runDir).checkpoints().files().size());
        assertEquals(2, RunFolder.open(runDir).snapshots().files().size());
        String log = Files.readString(runDir.resolve("train.log"));
        assertTrue(log.contains("epoch 2/2: loss"), log);
        assertEquals(cfg, io.veernet.config.ConfigLoader.load(runDir.resolve("config.yaml")));
    }

    @Test
    void aNanLossStopsTheRunAndKeepsTheLastGoodCheckpointNewest() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("train: {epochs: 3}");
        Path runDir = tmp.resolve("nan");
        System.setProperty(Trainer.NAN_AT_STEP, "8");
        try {
            TrainingException e = assertThrows(TrainingException.class, () -> train(cfg, runDir, StopSignal.never(), -1));
            assertEquals(TrainingException.Kind.DIVERGED, e.kind());
            assertTrue(e.getMessage().contains("loss is NaN") && e.getMessage().contains("ckpt-e0001-s0000006.zip"),
                    e.getMessage());
        } finally {
            System.clearProperty(Trainer.NAN_AT_STEP);
        }
        List<Path> files = RunFolder.open(runDir).checkpoints().files();
        assertEquals("ckpt-e0001-s0000006.zip", files.get(files.size() - 1).getFileName().toString());
        // And the run resumes from it once the cause is gone.
        assertEquals(3, train(cfg, runDir, StopSignal.never(), -1).epochsDone());
    }

    @Test
    void aChangedConfigIsRefusedOnResumeUnlessForced() throws Exception {
        Path runDir = tmp.resolve("changed");
        assertThrows(TrainingException.class, () -> train(SmokeRuns.config(""), runDir, StopSignal.never(), 6));
        VeernetConfig changed = SmokeRuns.config("train: {lr: {peak: 0.01}, ema: [{decay: 0.5}, {decay: 0.9}]}");
        ConfigException e = assertThrows(ConfigException.class, () -> train(changed, runDir, StopSignal.never(), -1));
        assertTrue(e.getMessage().contains("train.lr.peak") && e.getMessage().contains("--force-config"), e.getMessage());
        try (RunFolder run = RunFolder.openLocked(runDir)) {
            Trainer.Result r = new Trainer(changed, run, SmokeRuns.dataset(), StopSignal.never(), StoreIo.local()).run(true);
            assertEquals(4, r.epochsDone());
        }
    }

    @Test
    void batchesOfSeveralImagesArePaddedAndTrainToTheEnd() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("train: {epochs: 2, batch_size: 4}");
        Trainer.Result r = train(cfg, tmp.resolve("batched"), StopSignal.never(), -1);
        // 6 images in batches of 4: two steps per epoch (4 + 2).
        assertEquals(4, r.steps());
        assertTrue(Double.isFinite(r.history().get(1).trainLoss()) && r.history().get(1).trainLoss() > 0);
    }

    @Test
    void aSecondProcessOnTheSameRunFolderIsRefused() throws Exception {
        Path runDir = tmp.resolve("locked");
        try (RunFolder first = RunFolder.openLocked(runDir)) {
            RunFolder.RunLockedException e = assertThrows(RunFolder.RunLockedException.class, () -> RunFolder.openLocked(runDir));
            assertTrue(e.getMessage().contains("another veernet process"), e.getMessage());
        }
        try (RunFolder again = RunFolder.openLocked(runDir)) {
            assertFalse(again.dir().toString().isEmpty());
        }
    }
}
