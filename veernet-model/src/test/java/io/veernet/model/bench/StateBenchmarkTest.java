package io.veernet.model.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's code path on a tiny model; what it measures is for {@code veernet bench}, not for tests. */
class StateBenchmarkTest {

    @Test
    void measuresEveryOperationAndRendersATable() throws Exception {
        StateBenchmark.Report report = StateBenchmark.run(
                new StateBenchmark.Settings(2, 4, 2, List.of("adamw", "sgd"), 1, 1));
        assertEquals(4, report.tensors());
        assertEquals(2 * (4 * 4 * 9 + 4), report.parameters());
        assertEquals(List.of("EMA update, one decay", "EMA update, two decays", "optimizer step adamw (clip on)",
                "optimizer step sgd (clip on)", "checkpoint write incl. fsync", "checkpoint read and verify"),
                report.timings().stream().map(StateBenchmark.Timing::what).toList());
        report.timings().forEach(t -> assertTrue(t.fastestMs() >= 0 && t.medianMs() >= t.fastestMs(), t.toString()));
        assertTrue(report.checkpointBytes() > 0);
        String table = report.render();
        assertTrue(table.contains("optimizer step adamw (clip on)") && table.contains("fastest ms"), table);
    }
}
