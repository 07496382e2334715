package io.veernet.data.synth;

import io.veernet.data.dataset.*;
import io.veernet.data.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class DatasetGeneratorTest {

    public static final SynthConfig SMALL = SynthConfig.defaults()
            .withSize(new SynthConfig.Range(200, 260), new SynthConfig.Range(48, 56));

    public static Map<String, Integer> counts(int train, int validation, int test) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("train", train);
        m.put("validation", validation);
        m.put("test", test);
        return m;
    }

    /** Every style profile (the randomised ones with JPEG, blur and noise too) writes the same bytes on 1 and 2 threads. */
    @ParameterizedTest
    @EnumSource(StyleProfile.class)
    void oneAndTwoThreadsWriteByteIdenticalDatasets(StyleProfile profile, @TempDir Path tmp) throws IOException {
        SynthConfig cfg = SMALL.withProfile(profile);
        DatasetGenerator g = new DatasetGenerator(cfg, 42, counts(6, 2, 2));
        g.generate(tmp.resolve("a"), 1, false, n -> { });
        g.generate(tmp.resolve("b"), 2, false, n -> { });
        new DatasetGenerator(cfg, 42, counts(6, 2, 2)).generate(tmp.resolve("c"), 2, false, n -> { });
        List<Path> filesA = files(tmp.resolve("a"));
        assertEquals(10 * 3 + 1, filesA.size());
        for (Path f : filesA) {
            Path rel = tmp.resolve("a").relativize(f);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("b").resolve(rel)), rel.toString());
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("c").resolve(rel)), rel.toString());
        }
    }

    @Test
    void datasetRoundTripsThroughTheReader(@TempDir Path tmp) throws IOException {
        DatasetGenerator g = new DatasetGenerator(SMALL, 3, counts(3, 1, 1));
        g.generate(tmp, 2, false, n -> { });
        Dataset ds = Dataset.open(tmp);
        assertEquals(List.of("train", "validation", "test"), List.copyOf(ds.manifest().splits().keySet()));
        assertEquals(3L, ds.manifest().seed());
        LogSynthesizer synth = new LogSynthesizer(SMALL);
        for (String split : List.of("train", "validation", "test")) {
            List<SampleRef> refs = ds.split(split);
            for (int i = 0; i < refs.size(); i++) {
                Sample s = Dataset.load(refs.get(i));
                SyntheticLog expected = g.sample(synth, split, i);
                assertArrayEquals(expected.image().pixels(), s.image().pixels());
                assertArrayEquals(expected.mask().labels(), s.mask().labels());
                for (int c = 1; c <= 2; c++) {
                    CurveTruth want = expected.truth().curve(c);
                    CurveTruth got = s.truth().curve(c);
                    assertEquals(want.mnemonic(), got.mnemonic());
                    assertEquals(want.scale(), got.scale());
                    assertArrayEquals(want.ink(), got.ink());
                    for (int x = 0; x < want.width(); x++) {
                        assertEquals(want.row()[x], got.row()[x], 5e-4, "row at column " + x);
                        assertEquals(Double.isNaN(want.value()[x]), Double.isNaN(got.value()[x]));
                    }
                }
            }
        }
    }

    @Test
    void rerunAfterAnInterruptionKeepsCompleteSamplesAndRedoesTheRest(@TempDir Path tmp) throws IOException {
        DatasetGenerator g = new DatasetGenerator(SMALL, 9, counts(5, 2, 1));
        g.generate(tmp.resolve("ref"), 2, false, n -> { });
        Path dir = tmp.resolve("ds");
        // Interrupt the run after four samples: it dies the way a killed process would, mid-way.
        RuntimeException crash = assertThrows(RuntimeException.class, () -> g.generate(dir, 1, false, n -> {
            if (n == 4) {
                throw new IllegalStateException("simulated crash");
            }
        }));
        assertEquals("simulated crash", crash.getMessage());
        assertFalse(Files.exists(dir.resolve(Manifest.FILE)), "the manifest is written last");
        assertTrue(Files.exists(dir.resolve(DatasetGenerator.PENDING)));
        // Samples already being written when the crash came may have finished too: count what is complete.
        long complete;
        try (var files = Files.walk(dir)) {
            complete = files.filter(f -> f.getFileName().toString().endsWith(".truth.json")).filter(f -> {
                String id = f.getFileName().toString().replace(".truth.json", "");
                return Files.exists(f.resolveSibling(id + ".png")) && Files.exists(f.resolveSibling(id + ".mask.png"));
            }).count();
        }
        assertTrue(complete >= 4 && complete < 8, complete + " complete samples");
        // A half-written file and a sample missing its mask, as a kill during a write leaves them.
        Files.writeString(dir.resolve("train/.000004.png" + AtomicFiles.TEMP_MARKER + "1"), "partial");
        assertTrue(Files.exists(dir.resolve("train/000001.truth.json")));
        Files.delete(dir.resolve("train/000001.mask.png"));

        DatasetGenerator.Report r = g.generate(dir, 2, false, n -> { });
        assertEquals(complete - 1, r.reused());
        assertEquals(8 - (complete - 1), r.generated());
        List<Path> ref = files(tmp.resolve("ref"));
        assertEquals(ref.size(), files(dir).size());
        for (Path f : ref) {
            Path rel = tmp.resolve("ref").relativize(f);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve(rel)), rel.toString());
        }
        assertFalse(Files.exists(dir.resolve(DatasetGenerator.PENDING)));
        try (Stream<Path> s = Files.walk(dir)) {
            assertTrue(s.noneMatch(AtomicFiles::isTemporary));
        }
    }

    @Test
    void aFolderWithAnotherDatasetIsRefusedUnlessOverwriting(@TempDir Path tmp) throws IOException {
        new DatasetGenerator(SMALL, 1, counts(2, 1, 1)).generate(tmp, 1, false, n -> { });
        DatasetGenerator other = new DatasetGenerator(SMALL, 2, counts(3, 1, 1));
        DatasetException e = assertThrows(DatasetException.class, () -> other.generate(tmp, 1, false, n -> { }));
        assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("seed")
                && e.getMessage().contains("--overwrite"), e.getMessage());
        other.generate(tmp, 1, true, n -> { });
        Dataset ds = Dataset.open(tmp);
        assertEquals(2L, ds.manifest().seed());
        assertEquals(3, ds.split("train").size());
        assertEquals(3 * 5 + 1, files(tmp).size());
    }

    @Test
    void aFolderHoldingSomethingElseIsRefused(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        DatasetGenerator g = new DatasetGenerator(SMALL, 1, counts(1, 1, 0));
        DatasetException e = assertThrows(DatasetException.class, () -> g.generate(tmp, 1, true, n -> { }));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("mine", Files.readString(tmp.resolve("notes.txt")));
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        }
    }
}
