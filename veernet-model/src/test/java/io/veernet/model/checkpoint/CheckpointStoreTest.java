package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    private NDManager manager;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        manager = NDManager.newBaseManager();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(CheckpointStore.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(CheckpointStore.class)).detachAppender(logs);
        manager.close();
    }

    /** Groups shaped like a training checkpoint, filled from a seed, with awkward float values too. */
    private Map<String, Map<String, NDArray>> groups(long seed) {
        Random random = new Random(seed);
        Map<String, Map<String, NDArray>> groups = new LinkedHashMap<>();
        for (String group : List.of(Groups.MODEL, "optimizer.exp_avg", "ema-0.999", Groups.SWA)) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (String name : List.of("01Conv2d_weight", "01Conv2d_bias", "02Linear_weight")) {
                Shape shape = name.endsWith("bias") ? new Shape(8) : name.startsWith("01") ? new Shape(8, 2, 3, 3) : new Shape(5, 8);
                float[] data = new float[(int) shape.size()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) random.nextGaussian();
                }
                data[0] = -0.0f;
                data[1] = Float.MIN_VALUE;
                data[2] = Float.NaN;
                arrays.put(name, manager.create(data, shape));
            }
            groups.put(group, arrays);
        }
        groups.put("steps", Map.of("counts", manager.create(new long[] {3, 120}, new Shape(2))));
        return groups;
    }

    private static ObjectNode meta(long epoch, long step) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("epoch", epoch).put("step", step).put("config_hash", "ab12").put("lr", 0.1 / 3);
        meta.putObject("ema_updates").put("0.999", step);
        meta.putArray("val_iou").add(0.5).add(0.91234567890123);
        meta.putObject("rng").put("seed", Long.MAX_VALUE);
        return meta;
    }

    @Test
    void roundTripIsBitIdentical() throws Exception {
        CheckpointStore store = writer();
        Map<String, Map<String, NDArray>> groups = groups(1);
        Path file = store.save(3, 120, groups, meta(3, 120));
        assertEquals("ckpt-e0003-s0000120.zip", file.getFileName().toString());
        assertEquals(runDir.resolve("checkpoints"), file.getParent());
        Checkpoint loaded = store.latestValid(manager).orElseThrow();
        assertEquals(3, loaded.epoch());
        assertEquals(120, loaded.step());
        assertEquals(JSON.writeValueAsString(meta(3, 120)), JSON.writeValueAsString(loaded.meta()));
        assertEquals(groups.keySet(), loaded.groups().keySet());
        groups.forEach((group, arrays) -> {
            assertEquals(List.copyOf(arrays.keySet()), List.copyOf(loaded.group(group).keySet()), "tensor order kept");
            arrays.forEach((name, a) -> {
                NDArray b = loaded.group(group).get(name);
                assertEquals(a.getShape(), b.getShape());
                assertEquals(a.getDataType(), b.getDataType());
                assertArrayEquals(a.toByteArray(), b.toByteArray(), group + "/" + name);
            });
        });
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("meta.json", "model.safetensors", "optimizer.exp_avg.safetensors",
                    "ema-0.999.safetensors", "swa.safetensors", "steps.safetensors", "SHA256SUMS"), names);
            Collections.list(zip.entries()).forEach(e -> assertEquals(ZipEntry.STORED, e.getMethod(), e.getName()));
        }
        assertThrows(IllegalArgumentException.class, () -> loaded.group("nope"));
    }

    @Test
    void keepsTheNewestN() throws Exception {
        CheckpointStore store = writer();
        for (int e = 1; e <= 4; e++) {
            store.save(e, e * 10L, groups(e), meta(e, e * 10L));
        }
        assertEquals(List.of("ckpt-e0003-s0000030.zip", "ckpt-e0004-s0000040.zip"), names(store.files()));
        assertEquals(List.of("ckpt-e0003-s0000030.zip", "ckpt-e0004-s0000040.zip"), names(listFolder(store.folder())));

        CheckpointStore snapshots = CheckpointStore.writer(runDir.resolve("snapshots"), "snap", 3, StoreIo.local());
        for (int e = 1; e <= 5; e++) {
            snapshots.save(e, e * 10L, Map.of(Groups.MODEL, groups(e).get(Groups.MODEL)), meta(e, e * 10L));
        }
        List<Checkpoint> lastTwo = snapshots.newestValid(2, manager);
        assertEquals(List.of(4L, 5L), lastTwo.stream().map(Checkpoint::epoch).toList());
        assertEquals(List.of("snap-e0003-s0000030.zip", "snap-e0004-s0000040.zip", "snap-e0005-s0000050.zip"),
                names(snapshots.files()));
    }

    @Test
    void truncatedNewestFallsBackToThePreviousOne() throws Exception {
        CheckpointStore store = writer();
        store.save(1, 10, groups(1), meta(1, 10));
        Path newest = store.save(2, 20, groups(2), meta(2, 20));
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        assertFallsBackFrom(store, newest);
    }

    @Test
    void flippedBytesFallBackToThePreviousOne() throws Exception {
        CheckpointStore store = writer();
        store.save(1, 10, groups(1), meta(1, 10));
        Path newest = store.save(2, 20, groups(2), meta(2, 20));
        byte[] bytes = Files.readAllBytes(newest);
        for (double where : new double[] {0.3, 0.6}) {
            byte[] copy = bytes.clone();
            int i = (int) (copy.length * where);
            copy[i] ^= 0x10;
            Files.write(newest, copy);
            assertFallsBackFrom(store, newest);
            logs.list.clear();
        }
    }

    private void assertFallsBackFrom(CheckpointStore store, Path bad) throws IOException {
        Optional<Checkpoint> found = store.latestValid(manager);
        assertEquals(1, found.orElseThrow().epoch());
        Map<String, Map<String, NDArray>> expected = groups(1);
        assertArrayEquals(expected.get(Groups.MODEL).get("02Linear_weight").toByteArray(),
                found.get().group(Groups.MODEL).get("02Linear_weight").toByteArray());
        String name = bad.getFileName().toString();
        assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                        && e.getFormattedMessage().contains(name)),
                "a warning names " + name + ": " + logs.list);
        assertThrows(CorruptCheckpointException.class, () -> store.load(bad, manager));
    }

    @Test
    void noValidCheckpointGivesEmpty() throws Exception {
        CheckpointStore store = writer();
        assertTrue(store.latestValid(manager).isEmpty());
        Path only = store.save(1, 10, groups(1), meta(1, 10));
        Files.write(only, new byte[] {'P', 'K', 3, 4});
        assertTrue(store.latestValid(manager).isEmpty());
    }

    @Test
    void failedWriteLeavesThePreviousCheckpointAndNoTemporary() throws Exception {
        StoreIo real = StoreIo.local();
        StoreIo failing = new StoreIo() {
            @Override
            public OutputStream create(Path file) throws IOException {
                return new FilterOutputStream(real.create(file)) {
                    private long written;

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        written += len;
                        if (written > 2_000) {
                            throw new IOException("No space left on device (injected)");
                        }
                        out.write(b, off, len);
                    }
                };
            }

            @Override
            public void moveAtomically(Path source, Path target) throws IOException {
                real.moveAtomically(source, target);
            }

            @Override
            public void deleteIfExists(Path file) throws IOException {
                real.deleteIfExists(file);
            }

            @Override
            public void syncFolder(Path folder) throws IOException {
                real.syncFolder(folder);
            }
        };
        Path folder = runDir.resolve("checkpoints");
        Path good = CheckpointStore.writer(folder, "ckpt", 1, real).save(1, 10, groups(1), meta(1, 10));
        byte[] goodBytes = Files.readAllBytes(good);
        CheckpointStore store = CheckpointStore.writer(folder, "ckpt", 1, failing);
        IOException e = assertThrows(IOException.class, () -> store.save(2, 20, groups(2), meta(2, 20)));
        assertTrue(e.getMessage().contains("ckpt-e0002-s0000020.zip"), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(List.of(good.getFileName().toString()), names(listFolder(folder)), "no temporary file stays");
        assertArrayEquals(goodBytes, Files.readAllBytes(good));
        assertEquals(1, store.latestValid(manager).orElseThrow().epoch());
    }

    @Test
    void staleTemporariesAreRemovedWhenTheWriterOpens() throws Exception {
        Path folder = Files.createDirectories(runDir.resolve("checkpoints"));
        Files.write(folder.resolve(".ckpt-e0009-s0000900.zip.tmp"), new byte[] {1, 2, 3});
        Files.write(folder.resolve("notes.txt"), new byte[] {1});
        writer();
        assertEquals(List.of("notes.txt"), names(listFolder(folder)));
    }

    @Test
    void aReaderNeverDeletesAnotherProcesssTemporary() throws Exception {
        CheckpointStore writer = writer();
        Path saved = writer.save(1, 10, groups(1), meta(1, 10));
        // As if the trainer were half-way through writing its next checkpoint.
        Path inFlight = writer.folder().resolve(".ckpt-e0002-s0000020.zip.tmp");
        Files.write(inFlight, new byte[] {1, 2, 3});
        CheckpointStore reader = CheckpointStore.reader(writer.folder(), "ckpt");
        assertEquals(1, reader.latestValid(manager).orElseThrow().epoch());
        assertTrue(Files.exists(inFlight), "a read-only open must leave the writer's temporary alone");
        assertEquals(List.of(saved), reader.files());
        assertThrows(IllegalStateException.class, () -> reader.save(3, 30, groups(1), meta(3, 30)));
    }

    @Test
    void aReaderOfAMissingFolderCreatesNothing() throws Exception {
        Path folder = runDir.resolve("never-made");
        assertEquals(List.of(), CheckpointStore.reader(folder, "ckpt").files());
        assertFalse(Files.exists(folder));
    }

    @Test
    void skippedFilesAreListedWithTheirReasons() throws Exception {
        CheckpointStore store = writer();
        Path file = store.save(1, 10, groups(1), meta(1, 10));
        Files.write(file, new byte[] {1, 2, 3});
        assertTrue(store.latestValid(manager).isEmpty());
        assertEquals(1, store.skipped().size());
        assertEquals(file, store.skipped().get(0).file());
        assertTrue(store.skipped().get(0).reason().contains("ZIP"), store.skipped().get(0).reason());
    }

    private CheckpointStore writer() throws IOException {
        return CheckpointStore.writer(runDir.resolve("checkpoints"), "ckpt", 2, StoreIo.local());
    }

    private static List<Path> listFolder(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }
}
