package io.veernet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code veernet quickstart} end to end at smoke size: generate, train, evaluate; a second run reuses everything. */
class QuickstartCommandTest {

    @TempDir
    Path tmp;

    @Test
    void generatesTrainsAndEvaluatesThenResumesAsANoOp() throws Exception {
        Path tall = tmp.resolve("tall.yaml");
        Files.writeString(tall, """
                name: tall
                data: {path: %s, seed: 5, train: 1, validation: 2, test: 2}
                synth: {width: {min: 480, max: 480}, height: {min: 96, max: 96}, profile: classic}
                """.formatted(tmp.resolve("data-tall")));
        Path cfg = tmp.resolve("tiny.yaml");
        Files.writeString(cfg, """
                name: tiny
                data: {path: %s, seed: 3, train: 4, validation: 2, test: 2}
                synth: {width: {min: 96, max: 128}, height: {min: 32, max: 40}, profile: randomised}
                model: {depth: 2, base_width: 4, max_width: 8, attention_dim: 8, attention_layers: 1, attention_heads: 2}
                train: {epochs: 2, snapshots: 2}
                eval: {full_height_data: %s}
                """.formatted(tmp.resolve("data"), tall));
        Path run = tmp.resolve("run");
        Object[] first = GenerateCommandTest.run("quickstart", "--config", cfg.toString(), "--run", run.toString());
        assertEquals(0, first[0], (String) first[1]);
        for (String f : new String[] {"report.md", "report.json", "metrics.csv", "weights/swa.safetensors"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        // The held-out style family and the classic look are generated and scored beside the in-domain test split.
        assertTrue(Files.exists(tmp.resolve("data-heldout/manifest.json")));
        assertTrue(Files.exists(run.resolve("classic/report.json")));
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("## Generalisation") && report.contains("held-out"), report);
        assertTrue(Files.exists(run.resolve("held-out/report.json")));
        // The tracker's costs were chosen on validation and the reports say so.
        assertTrue(Files.exists(run.resolve("choices/tracker.json")));
        assertTrue(report.contains("tracked extractor costs: chosen on"), report);
        // Full-height logs: generated, the reduced-input costs chosen on their validation split, SWA scored on their test split.
        assertTrue(Files.exists(tmp.resolve("data-tall/manifest.json")));
        String reduced = Files.readString(run.resolve("choices/tracker-reduced.json"));
        assertTrue(reduced.contains("data-tall"), reduced);
        // The run's own costs come from its own validation split and the classic look's, never a test split.
        assertTrue(Files.readString(run.resolve("choices/tracker.json")).contains(
                tmp.resolve("data") + " + " + tmp.resolve("data-classic") + "\""), "the run's costs name both splits");
        assertEquals(java.util.Set.of("validation", "test"), io.veernet.data.dataset.Dataset.open(tmp.resolve("data-classic"))
                .manifest().splits().keySet());
        assertTrue(Files.exists(run.resolve("full-height/report.json")));
        assertTrue(report.contains("## Full-height scans") && report.contains("each reduced to 40 rows"), report);
        assertTrue(report.contains("for inputs reduced to the working geometry, chosen on"), "the header names both choices");
        long tuned = Files.getLastModifiedTime(run.resolve("choices/tracker.json")).toMillis();
        long tunedReduced = Files.getLastModifiedTime(run.resolve("choices/tracker-reduced.json")).toMillis();
        long trained = Files.getLastModifiedTime(run.resolve("weights/raw.params")).toMillis();
        Object[] again = GenerateCommandTest.run("quickstart", "--config", cfg.toString(), "--run", run.toString());
        assertEquals(0, again[0], (String) again[1]);
        assertEquals(trained, Files.getLastModifiedTime(run.resolve("weights/raw.params")).toMillis(), "nothing retrained");
        assertEquals(tuned, Files.getLastModifiedTime(run.resolve("choices/tracker.json")).toMillis(), "nothing retuned");
        assertEquals(tunedReduced, Files.getLastModifiedTime(run.resolve("choices/tracker-reduced.json")).toMillis());
        String again2 = Files.readString(run.resolve("report.md"));
        assertEquals(again2.indexOf("## Full-height scans"), again2.lastIndexOf("## Full-height scans"), "one section after a rerun");
    }
}
