package io.veernet.train;

import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.DatasetException;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.io.AtomicFiles;
import io.veernet.model.checkpoint.CheckpointStore;
import io.veernet.model.checkpoint.StoreIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults during training: a corrupt newest checkpoint, a failing disk, a broken image, the wrong architecture. */
class TrainerFaultTest {

    @TempDir
    Path tmp;

    static Trainer.Result train(VeernetConfig cfg, Path runDir, Dataset data, StoreIo io, boolean force) throws Exception {
        try (RunFolder run = RunFolder.openLocked(runDir)) {
            return new Trainer(cfg, run, data, StopSignal.never(), io).run(force);
        }
    }

    @Test
    void aTornOrCorruptNewestCheckpointIsSkippedAndTheRunResumesFromTheOneBefore() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("train: {epochs: 3}");
        Dataset data = SmokeRuns.dataset();
        train(cfg, tmp.resolve("straight"), data, StoreIo.local(), false);
        Map<String, float[]> expected = TrainerTest.finalState(tmp.resolve("straight"));

        for (String damage : List.of("truncate", "flip")) {
            Path runDir = tmp.resolve(damage);
            train(cfg, runDir, data, StoreIo.local(), false);
            List<Path> files = RunFolder.open(runDir).checkpoints().files();
            Path newest = files.get(files.size() - 1);
            assertEquals("ckpt-e0003-s0000018.zip", newest.getFileName().toString());
            byte[] bytes = Files.readAllBytes(newest);
            if (damage.equals("truncate")) {
                Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));
            } else {
                bytes[bytes.length / 3] ^= 0x5A;
                Files.write(newest, bytes);
            }
            // The run sees epoch 2's checkpoint as the newest good one, redoes epoch 3 and ends the same.
            Trainer.Result r = train(cfg, runDir, data, StoreIo.local(), false);
            assertEquals(18, r.steps());
            TrainerTest.assertSameState(expected, TrainerTest.finalState(runDir));
        }
    }

    @Test
    void aFailingDiskWriteStopsTheRunAndKeepsThePreviousCheckpoint() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("train: {epochs: 3}");
        AtomicInteger checkpointWrites = new AtomicInteger();
        StoreIo failing = new FailingSecondCheckpoint(checkpointWrites);
        Path runDir = tmp.resolve("disk");
        IOException e = assertThrows(IOException.class, () -> train(cfg, runDir, SmokeRuns.dataset(), failing, false));
        assertTrue(e.getMessage().contains("could not be written") && e.getMessage().contains("disk full")
                && e.getMessage().contains("ckpt-e0001-s0000006.zip"), e.getMessage());
        List<Path> files = RunFolder.open(runDir).checkpoints().files();
        assertEquals(1, files.size());
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            assertEquals(6, RunFolder.open(runDir).checkpoints().latestValid(m).orElseThrow().step());
        }
        try (Stream<Path> s = Files.walk(runDir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp") || AtomicFiles.isTemporary(p)),
                    "no temporary file stays");
        }
    }

    @Test
    void aBrokenTrainingImageStopsTheRunNamingItAndKeepsTheCheckpoints() throws Exception {
        Path copy = tmp.resolve("data");
        SmokeRuns.copyTree(SmokeRuns.dataset().root(), copy);
        Dataset data = Dataset.open(copy);
        VeernetConfig cfg = SmokeRuns.config("train: {epochs: 3}");
        Path runDir = tmp.resolve("broken");
        // One epoch goes well (and leaves a checkpoint); then an image breaks on disk.
        try (RunFolder run = RunFolder.openLocked(runDir)) {
            StopSignal stop = StopSignal.never();
            Trainer trainer = new Trainer(cfg, run, data, stop, StoreIo.local());
            trainer.onStep((step, status) -> {
                if (step == 5) {
                    stop.request();
                }
            });
            assertThrows(TrainingException.class, () -> trainer.run(false));
        }
        // The next image the resumed run reads: the sixth of the first epoch's shuffle.
        SampleRef victim = EpochOrder.of(data.split("train"), cfg.train().seed(), 0).get(5);
        byte[] bytes = Files.readAllBytes(victim.image());
        Files.write(victim.image(), Arrays.copyOf(bytes, bytes.length / 2));
        List<Path> before = RunFolder.open(runDir).checkpoints().files();
        DatasetException e = assertThrows(DatasetException.class, () -> train(cfg, runDir, data, StoreIo.local(), false));
        assertTrue(e.getMessage().contains(victim.image().toString()) && e.getMessage().contains("corrupt or truncated"),
                e.getMessage());
        assertEquals(before, RunFolder.open(runDir).checkpoints().files(), "no checkpoint added or lost");
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            assertEquals(5, RunFolder.open(runDir).checkpoints().latestValid(m).orElseThrow().step());
        }
    }

    @Test
    void aCheckpointFromAnotherArchitectureIsRefusedNamingTheParameter() throws Exception {
        Path runDir = tmp.resolve("arch");
        train(SmokeRuns.config("train: {epochs: 1}"), runDir, SmokeRuns.dataset(), StoreIo.local(), false);
        VeernetConfig wider = SmokeRuns.config("train: {epochs: 2}\nmodel: {base_width: 6}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(wider, runDir, SmokeRuns.dataset(), StoreIo.local(), true));
        assertTrue(e.getMessage().contains("shape mismatch") && e.getMessage().contains("stem_conv1_weight"), e.getMessage());
    }

    /** Lets the first checkpoint through and fails the second half-way, like a full disk. */
    private static final class FailingSecondCheckpoint implements StoreIo {
        private final AtomicInteger writes;

        FailingSecondCheckpoint(AtomicInteger writes) {
            this.writes = writes;
        }

        @Override
        public OutputStream create(Path file) throws IOException {
            OutputStream real = StoreIo.local().create(file);
            boolean fail = file.getParent().getFileName().toString().equals("checkpoints") && writes.incrementAndGet() == 2;
            return new OutputStream() {
                long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (fail && written + len > 10_000) {
                        throw new IOException("disk full");
                    }
                    real.write(b, off, len);
                    written += len;
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }

        @Override
        public void moveAtomically(Path source, Path target) throws IOException {
            StoreIo.local().moveAtomically(source, target);
        }

        @Override
        public void deleteIfExists(Path file) throws IOException {
            StoreIo.local().deleteIfExists(file);
        }

        @Override
        public void syncFolder(Path folder) throws IOException {
            StoreIo.local().syncFolder(folder);
        }
    }

}
