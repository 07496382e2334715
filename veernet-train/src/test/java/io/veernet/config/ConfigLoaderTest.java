package io.veernet.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static VeernetConfig parse(String yaml) {
        return ConfigLoader.parse("test.yaml", yaml, VeernetConfig.class, VeernetConfig.defaults());
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    /**
     * A config file written before a version added keys: hashed within the keys that file holds,
     * today's config (the new keys at their defaults) gives the hash of the config as it was then;
     * a changed value does not.
     */
    @Test
    void keysAddedByANewerVersionKeepAnOldRunsHash(@TempDir Path dir) throws IOException {
        VeernetConfig cfg = VeernetConfig.defaults();
        Path file = dir.resolve("config.yaml");
        ConfigLoader.write(cfg, file);
        assertEquals(ConfigLoader.hash(cfg), ConfigLoader.hashWithin(cfg, ConfigLoader.writtenKeys(file)));
        // The file an older version wrote: no eval.reduction or eval.spread_floor_px.
        String old = Files.readString(file).lines().filter(l -> !l.contains("reduction:") && !l.contains("spread_floor_px:"))
                .reduce("", (a, b) -> a + b + "\n");
        Path oldFile = dir.resolve("old.yaml");
        Files.writeString(oldFile, old);
        var oldTree = (com.fasterxml.jackson.databind.node.ObjectNode) io.veernet.data.io.Json.mapper().valueToTree(cfg);
        ((com.fasterxml.jackson.databind.node.ObjectNode) oldTree.get("eval")).remove(List.of("reduction", "spread_floor_px"));
        String oldHash = ConfigLoader.hash(oldTree);
        assertNotEquals(oldHash, ConfigLoader.hash(cfg));
        assertEquals(oldHash, ConfigLoader.hashWithin(cfg, ConfigLoader.writtenKeys(oldFile)));
        VeernetConfig edited = ConfigLoader.parse("edited", "name: edited", VeernetConfig.class, cfg);
        assertNotEquals(oldHash, ConfigLoader.hashWithin(edited, ConfigLoader.writtenKeys(oldFile)));
    }

    @Test
    void keysOverlayTheDefaults() {
        VeernetConfig c = parse("""
                name: tiny
                data: {train: 5}
                synth:
                  realism: 0.9
                  width: {min: 100, max: 120}
                  defects: {skew: 0.0}
                """);
        assertEquals("tiny", c.name());
        assertEquals(5, c.data().train());
        assertEquals(DataConfig.defaults().validation(), c.data().validation());
        assertEquals(0.9, c.synth().realism());
        assertEquals(120, c.synth().width().max());
        assertEquals(0.0, c.synth().defects().skew());
        assertNull(c.synth().defects().blur());
    }

    @Test
    void emptyOrCommentOnlyFileIsAnErrorNamingTheFile() {
        for (String text : List.of("", "# only a comment\n", "\n\n", "{}\n")) {
            String m = error(text);
            assertTrue(m.startsWith("test.yaml: the config is empty"), text + " -> " + m);
        }
    }

    @Test
    void duplicateKeyIsRefusedAndNamed() {
        String m = error("name: a\ntrain:\n  epochs: 3\n  epochs: 4\n");
        assertTrue(m.startsWith("test.yaml: not valid YAML at line"), m);
        assertTrue(m.contains("appears twice") && m.contains("epochs"), m);
    }

    @Test
    void hugeIntegerNamesTheKeyAndTheRange() {
        String m = error("name: a\ntrain: {epochs: 99999999999}\n");
        assertEquals("test.yaml: key 'train.epochs': 99999999999 is out of range (at most 2147483647)", m);
    }

    @Test
    void tabIndentationSaysTab() {
        String m = error("name: a\ntrain:\n\tepochs: 3\n");
        assertTrue(m.contains("tab character") && m.contains("spaces"), m);
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() {
        String m = error("synth:\n  curves:\n    stroke_widht: 2\n");
        assertTrue(m.startsWith("test.yaml: unknown key 'synth.curves.stroke_widht'"), m);
        assertTrue(m.contains("did you mean 'stroke_width'"), m);
    }

    @Test
    void wrongTypeNamesTheKeyAndTheExpectedType() {
        String m = error("data:\n  train: ten\n");
        assertTrue(m.contains("'data.train'") && m.contains("an integer") && m.contains("ten"), m);
        String m2 = error("synth:\n  width: 300\n");
        assertTrue(m2.contains("'synth.width' must be a mapping of min, max"), m2);
    }

    @Test
    void outOfRangeValueNamesTheKey() {
        String m = error("synth:\n  realism: 1.5\n");
        assertEquals("test.yaml: synth.realism must be between 0 and 1, got 1.5", m);
        String m2 = error("data:\n  train: 0\n");
        assertEquals("test.yaml: data.train must be at least 1, got 0", m2);
        String m3 = error("synth:\n  curves:\n    kinds: [blocky, wiggly]\n");
        assertTrue(m3.contains("synth.curves: ") && m3.contains("unknown curve kind 'wiggly'"), m3);
        String m4 = error("synth:\n  profile: fancy\n");
        assertTrue(m4.startsWith("test.yaml:") && m4.contains("synth.profile") && m4.contains("randomised")
                && m4.contains("fancy"), m4);
        assertEquals("test.yaml: train.augment.noise must be between 0 and 50, got 80.0",
                error("train: {augment: {noise: 80}}"));
        String m5 = error("model:\n  input: sharpened\n");
        assertTrue(m5.startsWith("test.yaml:") && m5.contains("model.input") && m5.contains("levelled")
                && m5.contains("sharpened"), m5);
    }

    @Test
    void modelInputDefaultsToDensityAndReadsLevelled() {
        assertEquals(io.veernet.model.InkInput.DENSITY, parse("name: plain").model().input());
        assertEquals(io.veernet.model.InkInput.LEVELLED, parse("model: {input: levelled}").model().input());
    }

    @Test
    void trainingValuesOutOfRangeNameTheirKey() {
        assertEquals("test.yaml: train.epochs must be at least 1, got 0", error("train: {epochs: 0}"));
        assertEquals("test.yaml: train.epochs must be at least 1, got -3", error("train: {epochs: -3}"));
        assertEquals("test.yaml: train.swa.start_epoch (12) is after the last epoch (10)",
                error("train: {epochs: 10, swa: {start_epoch: 12}}"));
        assertEquals("test.yaml: train.ema[1].decay must lie in (0, 1), got 1.0", error("train: {ema: [{decay: 0.99}, {decay: 1.0}]}"));
        assertEquals("test.yaml: train.ema[0]: an EMA takes exactly one of decay, half_life_steps, half_life_epochs, got 2",
                error("train: {ema: [{decay: 0.99, half_life_epochs: 3}]}"));
        assertEquals("test.yaml: train.ema lists the same horizon twice: [ema-4ep, ema-4ep]",
                error("train: {ema: [{half_life_epochs: 4}, {half_life_epochs: 4}]}"));
        assertEquals("test.yaml: train.post_hoc_ema.sigma_rels needs at least two lengths to rebuild others from, got [0.05]",
                error("train: {post_hoc_ema: {enabled: true, sigma_rels: [0.05]}}"));
        assertTrue(error("train: {optimizer: {name: rmsprop}}").startsWith("test.yaml: train.optimizer.name"));
        assertTrue(error("model: {depth: 9}").startsWith("test.yaml: model.depth must be between 1 and 7"));
    }

    @Test
    void reduceToBelowTheTrainedHeightsIsRefusedAndNamed() {
        assertEquals("test.yaml: eval.reduce_to must be 0 (the largest trained height) or a height in rows, got -1",
                error("eval: {reduce_to: -1}"));
        assertEquals("test.yaml: eval.reduce_to (70) is below synth.height.max (80): inputs are never reduced below the "
                + "largest trained height; use 0 for it", error("synth: {height: {min: 64, max: 80}}\neval: {reduce_to: 70}"));
        VeernetConfig c = parse("synth: {height: {min: 64, max: 80}}\neval: {reduce_to: 104}");
        assertEquals(104, c.workingGeometry().reduceTo());
        assertEquals(80, parse("synth: {height: {min: 64, max: 80}}").workingGeometry().reduceTo(), "0 means synth.height.max");
    }

    @Test
    void imagesSmallerThanTheModelsMinimumAreRefused() {
        String m = error("model: {depth: 6}\nsynth: {height: {min: 48, max: 64}, width: {min: 300, max: 400}}");
        assertEquals("test.yaml: synth.height.min (48) is below the model's minimum input size 64 (2^model.depth)", m);
    }

    @Test
    void malformedYamlGivesTheLine() {
        String m = error("name: x\ndata: {train: 3\nsynth: 2\n");
        assertTrue(m.startsWith("test.yaml: not valid YAML at line"), m);
    }

    @Test
    void topLevelMustBeAMapping() {
        assertTrue(error("- a\n- b\n").contains("must be a mapping"));
    }

    @Test
    void missingFileIsNamed(@TempDir Path tmp) {
        Path f = tmp.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(f + ": no such config file", e.getMessage());
    }

    @Test
    void resolvedConfigRoundTripsAndHashesStably(@TempDir Path tmp) throws IOException {
        VeernetConfig c = parse("name: r\nsynth: {realism: 0.25}\n");
        Path f = tmp.resolve("resolved.yaml");
        ConfigLoader.write(c, f);
        VeernetConfig back = ConfigLoader.load(f);
        assertEquals(c, back);
        assertEquals(ConfigLoader.hash(c), ConfigLoader.hash(back));
        assertNotEquals(ConfigLoader.hash(c), ConfigLoader.hash(parse("name: r\nsynth: {realism: 0.3}\n")));
    }

    @Test
    void everyShippedConfigLoads() throws IOException {
        Path configs = Path.of("../configs");
        List<Path> files;
        try (Stream<Path> s = Files.list(configs)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertTrue(files.size() >= 1, "no configs found in " + configs.toAbsolutePath());
        for (Path f : files) {
            VeernetConfig c = ConfigLoader.load(f);
            assertEquals(f.getFileName().toString().replace(".yaml", ""), c.name(), "config name should match its file");
        }
    }
}
