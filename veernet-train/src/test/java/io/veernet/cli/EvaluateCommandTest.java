package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.train.SmokeRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code veernet evaluate} end to end, and its refusals of bad input. */
class EvaluateCommandTest {

    @TempDir
    static Path tmp;
    static Path runDir;
    static Path data;

    @BeforeAll
    static void trainASmokeRun() throws Exception {
        VeernetConfig cfg = SmokeRuns.config("train: {epochs: 2}");
        runDir = tmp.resolve("run");
        data = SmokeRuns.dataset().root();
        SmokeRuns.train(cfg, runDir);
    }

    @Test
    void writesTheReportWithEveryModel() throws IOException {
        Path out = tmp.resolve("out");
        Object[] r = GenerateCommandTest.run("evaluate", "--run", runDir.toString(), "--data", data.toString(),
                "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        String md = Files.readString(out.resolve("report.md"));
        for (String model : new String[] {"raw", "best", "ema-0.5", "ema-0.9", "swa", "lawa-2", "soup", "ensemble-2"}) {
            assertTrue(md.contains("| " + model + " |"), model);
        }
        assertTrue(Files.size(out.resolve("overlay-worst.png")) > 0);
    }

    /** --models scores only the models named, windowed if asked; a name the run lacks is refused with the names it has. */
    @Test
    void onlyTheModelsNamedAreScored() throws IOException {
        Path out = tmp.resolve("out-swa");
        Object[] r = GenerateCommandTest.run("evaluate", "--run", runDir.toString(), "--data", data.toString(),
                "--out", out.toString(), "--models", "swa,ensemble", "--tile", "64:16");
        assertEquals(0, r[0], (String) r[1]);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| swa |") && md.contains("| ensemble-2 |"), md);
        assertFalse(md.contains("| raw | final weights") || md.contains("| soup | greedy soup"), md);
        assertTrue(md.contains("--tile 64:16"), "the report's command line names the tiling");
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("evaluate", "--run", runDir.toString(), "--data",
                data.toString(), "--out", tmp.resolve("out-none").toString(), "--models", "swb"), "no model named swb", "swa");
    }

    /**
     * tune-tracker on a copy of the run: the choice is recorded with its objectives, never below
     * the config's costs, and the next evaluate uses it and says so in the report.
     */
    @Test
    void tuneTrackerRecordsCostsThatEvaluateThenUses() throws Exception {
        Path copy = tmp.resolve("tuned-run");
        SmokeRuns.copyTree(runDir, copy);
        Object[] r = GenerateCommandTest.run("tune-tracker", "--run", copy.toString());
        assertEquals(0, r[0], (String) r[1]);
        var choice = io.veernet.eval.TrackerChoice.read(copy.resolve("choices/tracker.json")).orElseThrow();
        assertTrue(choice.objective() >= choice.configObjective(), choice.toString());
        assertFalse(choice.trials().isEmpty());
        assertTrue(choice.data().contains("validation") || !choice.data().isBlank(), choice.data());
        Path out = tmp.resolve("out-tuned");
        Object[] e = GenerateCommandTest.run("evaluate", "--run", copy.toString(), "--data", data.toString(), "--out", out.toString());
        assertEquals(0, e[0], (String) e[1]);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("tracked extractor costs: chosen on"), md.substring(0, Math.min(md.length(), 1500)));
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("tune-tracker", "--run", copy.toString(), "--model", "nope"),
                "has no model 'nope'");
        assertEquals("validation", choice.split());
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("tune-tracker", "--run", copy.toString(), "--data",
                data.toString(), "--split", "nope"), "has no split 'nope'", data.toString());
        assertEquals(choice, io.veernet.eval.TrackerChoice.read(copy.resolve("choices/tracker.json")).orElseThrow(),
                "a refused tuning leaves the recorded choice as it was");
        Object[] other = GenerateCommandTest.run("tune-tracker", "--run", copy.toString(), "--data", data.toString(),
                "--split", "test");
        assertEquals(0, other[0], (String) other[1]);
        var onOther = io.veernet.eval.TrackerChoice.read(copy.resolve("choices/tracker.json")).orElseThrow();
        assertEquals("test", onOther.split());
        assertEquals(data.toString(), onOther.data(), "the choice names the dataset it was made on");
    }

    /**
     * A split of logs taller than the working geometry informs the reduced-input choice
     * (tracker-reduced.json), one read as it is the ordinary one, and a split of both kinds is refused
     * by name before any model runs.
     */
    @Test
    void tuneTrackerKeepsReducedInputsApartAndRefusesAMixedSplit() throws Exception {
        generateDataset("tall", "seed: 9, train: 1, validation: 2, test: 1", "width: {min: 400, max: 400}, height: {min: 120, max: 120}");
        VeernetConfig cfg = io.veernet.train.RunFolder.open(runDir).loadConfig();
        var tall = io.veernet.data.dataset.Dataset.open(tmp.resolve("tall")).split("validation");
        var own = io.veernet.data.dataset.Dataset.open(data).split("validation");
        long px = 64L << 20;
        assertEquals(io.veernet.eval.TrackerChoice.REDUCED,
                TuneTrackerCommand.choiceFor(new io.veernet.data.dataset.SampleCache(tall, px), cfg, tmp.resolve("tall")));
        assertEquals(io.veernet.eval.TrackerChoice.NAME,
                TuneTrackerCommand.choiceFor(new io.veernet.data.dataset.SampleCache(own, px), cfg, data));
        var mixed = new java.util.ArrayList<>(own);
        mixed.addAll(tall);
        UserInputException e = org.junit.jupiter.api.Assertions.assertThrows(UserInputException.class,
                () -> TuneTrackerCommand.choiceFor(new io.veernet.data.dataset.SampleCache(mixed, px), cfg, data));
        assertTrue(e.getMessage().contains("2 of the split's " + mixed.size() + " logs are taller than the 48 rows"), e.getMessage());
        Path copy = tmp.resolve("reduced-run");
        SmokeRuns.copyTree(runDir, copy);
        Object[] r = GenerateCommandTest.run("tune-tracker", "--run", copy.toString(), "--data", tmp.resolve("tall").toString());
        assertEquals(0, r[0], (String) r[1]);
        assertTrue(Files.exists(copy.resolve("choices/tracker-reduced.json")));
        assertFalse(Files.exists(copy.resolve("choices/tracker.json")), "the ordinary choice is not made on reduced logs");
        // --also joins only datasets of the same kind, refused by name before any model runs.
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("tune-tracker", "--run", copy.toString(), "--also",
                tmp.resolve("tall").toString()), tmp.resolve("tall").toString(), "another kind");
        assertFalse(Files.exists(copy.resolve("choices/tracker.json")), "a refused joint tuning writes nothing");
    }

    /** --also joins a second dataset's split: the choice names both and its objective is the mean of theirs. */
    @Test
    void tuneTrackerJoinsASecondDatasetsSplit() throws Exception {
        generateDataset("other", "seed: 11, train: 1, validation: 3, test: 1",
                "width: {min: 128, max: 160}, height: {min: 40, max: 48}, profile: classic");
        Path copy = tmp.resolve("joint-run");
        SmokeRuns.copyTree(runDir, copy);
        Object[] r = GenerateCommandTest.run("tune-tracker", "--run", copy.toString(), "--also", tmp.resolve("other").toString());
        assertEquals(0, r[0], (String) r[1]);
        var choice = io.veernet.eval.TrackerChoice.read(copy.resolve("choices/tracker.json")).orElseThrow();
        assertEquals(data + " + " + tmp.resolve("other"), choice.data());
        assertTrue(choice.objective() >= choice.configObjective(), choice.toString());
    }

    /** Generates a dataset into tmp/NAME from a config of these {@code data} and {@code synth} entries. */
    private static void generateDataset(String name, String data, String synth) throws IOException {
        Path cfg = tmp.resolve(name + ".yaml");
        Files.writeString(cfg, "name: %s\ndata: {path: %s, %s}\nsynth: {%s}\n".formatted(name, tmp.resolve(name), data, synth));
        Object[] g = GenerateCommandTest.run("generate", "--config", cfg.toString());
        assertEquals(0, g[0], (String) g[1]);
    }

    @Test
    void aRunFolderWithoutCheckpointsIsRefused() throws IOException {
        Path empty = tmp.resolve("no-checkpoints");
        Files.createDirectories(empty);
        ConfigLoader.write(SmokeRuns.config(""), empty.resolve("config.yaml"));
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("evaluate", "--run", empty.toString(), "--data", data.toString()),
                empty.toString(), "no valid checkpoint");
        assertFalse(Files.exists(empty.resolve("report.md")));
    }

    @Test
    void aFolderThatIsNoRunIsRefused() {
        Path nothing = tmp.resolve("nothing-here");
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("evaluate", "--run", nothing.toString()), "not a run folder");
    }

    @Test
    void aDatasetWithAMissingTruthFileIsRefused() throws IOException {
        Path copy = tmp.resolve("broken-data");
        SmokeRuns.copyTree(data, copy);
        Path truth = copy.resolve("test/000001.truth.json");
        Files.delete(truth);
        Path out = tmp.resolve("out-broken");
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("evaluate", "--run", runDir.toString(), "--data", copy.toString(),
                "--out", out.toString()), truth.toString(), "truth file is missing");
        assertFalse(Files.exists(out), "nothing is written");
    }

    @Test
    void aSplitThatDoesNotExistIsRefused() {
        Path out = tmp.resolve("out-split");
        GenerateCommandTest.assertRefused(GenerateCommandTest.run("evaluate", "--run", runDir.toString(), "--data", data.toString(),
                "--split", "holdout", "--out", out.toString()), "has no split 'holdout'");
        assertFalse(Files.exists(out));
    }

}
