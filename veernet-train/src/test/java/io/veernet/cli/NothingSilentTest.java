package io.veernet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Manifest;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.dataset.TruthFile;
import io.veernet.data.io.Json;
import io.veernet.train.RunFolder;
import io.veernet.train.SmokeRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases where the tool used to go on silently with a wrong result (a mistyped dataset path, a
 * run with only corrupt checkpoints, another dataset tuning the soup, a broken training sample...):
 * each now stops with one clear line, or does the right thing, and loses nothing.
 */
class NothingSilentTest {

    @TempDir
    Path tmp;

    private Path config(String overrides) throws Exception {
        Path f = tmp.resolve("c-" + Math.abs(overrides.hashCode()) + ".yaml");
        VeernetConfig cfg = SmokeRuns.config(overrides);
        ConfigLoader.write(cfg, f);
        return f;
    }

    private Path copyOfSmokeData(String name) throws Exception {
        Path copy = tmp.resolve(name);
        SmokeRuns.copyTree(SmokeRuns.dataset().root(), copy);
        return copy;
    }

    /** A run trained to the end by the CLI on {@code data} with the config overrides; returns its folder. */
    private Path trainedRun(Path data, String overrides) throws Exception {
        Path run = tmp.resolve("run");
        Object[] r = train(config("data: {path: " + data + "}\n" + overrides), run);
        assertEquals(0, r[0], (String) r[1]);
        return run;
    }

    private static Object[] train(Path cfg, Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--config", cfg.toString(), "--run", run.toString()));
        args.addAll(List.of(extra));
        return GenerateCommandTest.run(args.toArray(String[]::new));
    }

    // Item 2: --data at a path that does not exist used to generate a synthetic dataset there.
    @Test
    void aMistypedDataFolderIsAnErrorNotANewDataset() throws Exception {
        Path cfg = config("data: {path: " + tmp.resolve("configured") + "}\ntrain: {epochs: 1}");
        Path missing = tmp.resolve("no-such-data");
        Path run = tmp.resolve("run");
        GenerateCommandTest.assertRefused(train(cfg, run, "--data", missing.toString()), missing.toString(), "no dataset there", "--generate");
        assertFalse(Files.exists(missing), "nothing generated");
        assertFalse(Files.exists(run.resolve("checkpoints")), "nothing trained");

        Object[] r = train(cfg, run, "--data", missing.toString(), "--generate");
        assertEquals(0, r[0], (String) r[1]);
        assertEquals(6, Dataset.open(missing).split("train").size());
    }

    // Item 3: --resume with every checkpoint corrupt used to restart from epoch 1 with exit 0.
    @Test
    void everyCheckpointCorruptStopsNamingThemAndChangesNothing() throws Exception {
        Path data = copyOfSmokeData("data");
        Path cfg = config("data: {path: " + data + "}\ntrain: {epochs: 2}");
        Path run = trainedRun(data, "train: {epochs: 2}");
        List<Path> files = RunFolder.open(run).checkpoints().files();
        assertEquals(2, files.size());
        for (Path f : files) {
            Files.write(f, new byte[] {'b', 'r', 'o', 'k', 'e', 'n'});
        }
        for (String[] extra : List.of(new String[] {"--resume"}, new String[0])) {
            Object[] r = train(cfg, run, extra);
            GenerateCommandTest.assertRefused(r, files.get(0).getFileName().toString(), files.get(1).getFileName().toString(),
                    "none of its 2 checkpoint(s) is usable", "mv ");
            assertEquals(files, RunFolder.open(run).checkpoints().files(), "no checkpoint added or removed");
            for (Path f : files) {
                assertArrayEquals(new byte[] {'b', 'r', 'o', 'k', 'e', 'n'}, Files.readAllBytes(f));
            }
        }
        assertTrue(Files.readString(run.resolve("train.log")).contains("Run stopped (no valid checkpoint)"));
    }

    // Item 4: the dataset a run was trained on was not recorded; evaluate scored the YAML's data.path.
    @Test
    void theRunRecordsItsDatasetAndEvaluateAndResumeUseIt() throws Exception {
        Path own = copyOfSmokeData("own");
        Path other = copyOfSmokeData("other");
        Path cfg = config("data: {path: " + tmp.resolve("yaml-default") + "}\ntrain: {epochs: 1}");
        Path run = tmp.resolve("run");
        assertEquals(0, train(cfg, run, "--data", own.toString())[0]);
        assertEquals(own.toAbsolutePath().normalize(), RunFolder.open(run).recordedData().orElseThrow());

        Path out = tmp.resolve("report");
        Object[] r = GenerateCommandTest.run("evaluate", "--run", run.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        JsonNode report = Json.mapper().readTree(out.resolve("report.json").toFile());
        assertEquals(own.toAbsolutePath().normalize().toString(), report.path("dataset").asText());
        assertFalse(Files.exists(tmp.resolve("yaml-default")), "the YAML's data.path is never generated or read");

        // Resuming (here: re-running the finished run) without --data uses the recorded dataset; another is refused.
        assertEquals(0, train(cfg, run)[0]);
        GenerateCommandTest.assertRefused(train(cfg, run, "--data", other.toString()), "was trained on", own.toString(), "--force-config");
    }

    // Item 5: a test-only dataset could not be evaluated, and a foreign dataset's validation split tuned the soup.
    @Test
    void aTestOnlyDatasetIsScoredWithTheSoupChosenOnTheRunsOwnValidation() throws Exception {
        Path own = copyOfSmokeData("own");
        Path run = trainedRun(own, "train: {epochs: 3}");
        Object[] r = GenerateCommandTest.run("evaluate", "--run", run.toString(), "--out", tmp.resolve("r1").toString());
        assertEquals(0, r[0], (String) r[1]);
        Path choice = RunFolder.open(run).choice("soup");
        byte[] recorded = Files.readAllBytes(choice);
        assertTrue(new String(recorded).contains(own.toString()), "chosen on the run's own validation split");

        // A foreign dataset with only a test split: other images, other validation (none at all).
        Path foreign = copyOfSmokeData("foreign");
        Manifest m = Manifest.read(foreign.resolve(Manifest.FILE));
        Manifest.of(m.seed(), m.generator(), Map.of("test", m.splits().get("test"))).write(foreign);
        Path out = tmp.resolve("r2");
        r = GenerateCommandTest.run("evaluate", "--run", run.toString(), "--data", foreign.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| soup |"), md);
        assertTrue(md.contains("chosen on " + own), "the soup keeps its recorded choice: " + md);
        assertArrayEquals(recorded, Files.readAllBytes(choice), "the recorded choice is reused, not re-made");
    }

    // Items 6 and 10: a train-split truth of the wrong width was never checked; train.log did not say why a run stopped.
    @Test
    void aTrainingSampleWhoseTruthDoesNotFitItsImageStopsTheRunAndTheLogSaysWhy() throws Exception {
        Path data = copyOfSmokeData("data");
        List<SampleRef> train = Dataset.open(data).split("train");
        SampleRef victim = train.get(0);
        int width = TruthFile.read(victim.truth()).width();
        SampleRef donor = null;
        for (SampleRef ref : Dataset.open(data).split("test")) {
            if (TruthFile.read(ref.truth()).width() != width) {
                donor = ref;
            }
        }
        assertTrue(donor != null, "the smoke data has images of several widths");
        Files.copy(donor.truth(), victim.truth(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path cfg = config("data: {path: " + data + "}\ntrain: {epochs: 1}");
        Path run = tmp.resolve("run");
        GenerateCommandTest.assertRefused(train(cfg, run), victim.truth().toString(), "truth is for a");
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("Run stopped (bad training sample)"), log);
        assertTrue(log.contains("\tat io.veernet"), "the trace is kept in the log");
    }

    // Item 10: divergence is named in train.log, with no trace on the terminal.
    @Test
    void aDivergedRunSaysSoInItsLog() throws Exception {
        Path data = copyOfSmokeData("data");
        Path cfg = config("data: {path: " + data + "}\ntrain: {epochs: 1}");
        Path run = tmp.resolve("run");
        System.setProperty("veernet.faults.nan_loss_at_step", "2");
        Object[] r;
        try {
            r = train(cfg, run);
        } finally {
            System.clearProperty("veernet.faults.nan_loss_at_step");
        }
        assertEquals(Veernet.FAILED, r[0]);
        assertFalse(((String) r[1]).contains("\tat "), (String) r[1]);
        assertTrue(Files.readString(run.resolve("train.log")).contains("Run stopped (diverged): training diverged"));
    }

    // Item 9: two trainers started together on a missing dataset: one generated, the other failed.
    @Test
    void twoTrainersOnAMissingDatasetShareOneGeneration() throws Exception {
        Path dir = tmp.resolve("shared-data");
        VeernetConfig cfg = SmokeRuns.config("data: {path: " + dir + "}");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Dataset>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(pool.submit(() -> DataOption.forTraining(cfg, null, false, java.util.Optional.empty(), false,
                        tmp.resolve("r"))));
            }
            Dataset a = both.get(0).get();
            Dataset b = both.get(1).get();
            assertEquals(a.manifest(), b.manifest());
            assertEquals(6, a.split("train").size());
        } finally {
            pool.shutdownNow();
        }
    }

    // Item 9: digitising with an averaged BatchNorm model failed with exit 1 before its clear error.
    @Test
    void anAveragedBatchNormModelDigitisesWithItsRunsDataAndIsRefusedClearlyWithout() throws Exception {
        Path data = copyOfSmokeData("data");
        Path run = trainedRun(data, "model: {norm: batch}\ntrain: {epochs: 3}");
        Path scan = Dataset.open(data).split("test").get(0).image();
        Object[] r = GenerateCommandTest.run("digitize", "--run", run.toString(), "--model", "swa", "--image",
                scan.toString(), "--out", tmp.resolve("las").toString());
        assertEquals(0, r[0], (String) r[1]);

        try (RunFolder locked = RunFolder.openLocked(run)) {
            locked.recordData(tmp.resolve("moved-away"));
        }
        Path out = tmp.resolve("las2");
        r = GenerateCommandTest.run("digitize", "--run", run.toString(), "--model", "swa", "--image",
                scan.toString(), "--out", out.toString());
        GenerateCommandTest.assertRefused(r, "--model swa", "BatchNorm", "moved-away", "raw, best or ensemble");
        assertFalse(Files.exists(out.resolve("summary.csv")));
    }

    // Item 11: no command printed usage with exit 0; quickstart outside the project could not find its config.
    @Test
    void noCommandIsBadInputAndQuickstartFindsItsConfigFromAnywhere() {
        Object[] r = GenerateCommandTest.run();
        assertEquals(Veernet.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("no command given") && ((String) r[1]).contains("Usage:"), (String) r[1]);

        // Tests run in veernet-train/, which has no configs/ folder: the project's is found through veernet.home.
        assertFalse(Files.exists(Path.of(QuickstartCommand.DEFAULT_CONFIG)));
        System.setProperty("veernet.home", "..");
        try {
            Path found = QuickstartCommand.defaultConfig();
            assertTrue(Files.isRegularFile(found), found.toString());
            assertEquals("cpu-quick", ConfigLoader.load(found).name());
        } finally {
            System.clearProperty("veernet.home");
        }
    }
}
