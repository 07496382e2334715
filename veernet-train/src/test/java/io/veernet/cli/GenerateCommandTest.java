package io.veernet.cli;

import io.veernet.data.dataset.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCommandTest {

    @TempDir
    Path tmp;

    /** Runs the CLI and returns {exit code, stderr}. */
    static Object[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = Veernet.execute(args);
            return new Object[] {code, captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(err);
        }
    }

    /** Asserts a command was refused as bad input: exit 2, one error line naming {@code words}, no stack trace. */
    static void assertRefused(Object[] result, String... words) {
        String err = ((String) result[1]).strip();
        assertEquals(Veernet.BAD_INPUT, result[0], err);
        assertTrue(err.contains("veernet: error: "), err);
        for (String w : words) {
            assertTrue(err.contains(w), "'" + w + "' not in: " + err);
        }
        assertFalse(err.contains("\tat io.veernet"), "no stack trace on the terminal: " + err);
    }

    private Path config(String yaml) throws IOException {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void generatesTheConfiguredSplits() throws IOException {
        Path cfg = config("name: t\ndata: {train: 3, validation: 2, test: 1, seed: 4}\nsynth: {width: {min: 128, max: 160}, height: {min: 40, max: 40}}\n");
        Path out = tmp.resolve("ds");
        Object[] r = run("generate", "--config", cfg.toString(), "--out", out.toString(), "--threads", "2");
        assertEquals(0, r[0], (String) r[1]);
        Dataset ds = Dataset.open(out);
        assertEquals(3, ds.split("train").size());
        assertEquals(2, ds.split("validation").size());
        assertEquals(1, ds.split("test").size());
        // Running again finds everything complete and rewrites nothing.
        long before = Files.getLastModifiedTime(out.resolve("train/000000.png")).toMillis();
        assertEquals(0, run("generate", "--config", cfg.toString(), "--out", out.toString())[0]);
        assertEquals(before, Files.getLastModifiedTime(out.resolve("train/000000.png")).toMillis());
    }

    @Test
    void countSharesSamplesInTheConfigsProportions() {
        assertEquals(Map.of("train", 8, "validation", 1, "test", 1),
                GenerateCommand.scale(Map.of("train", 80, "validation", 10, "test", 10), 10));
    }

    @Test
    void badConfigIsOneLineAndExitCodeTwo() throws IOException {
        Path cfg = config("name: t\ndata: {trian: 3}\n");
        Object[] r = run("generate", "--config", cfg.toString(), "--out", tmp.resolve("ds").toString());
        assertEquals(Veernet.BAD_INPUT, r[0]);
        String err = ((String) r[1]).strip();
        assertTrue(err.startsWith("veernet: error: " + cfg + ": unknown key 'data.trian'"), err);
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(Files.exists(tmp.resolve("ds")), "nothing written");
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        Object[] r = run("generate");
        assertEquals(2, r[0]);
        assertTrue(((String) r[1]).contains("Missing required option: '--config=FILE'"), (String) r[1]);
    }
}
