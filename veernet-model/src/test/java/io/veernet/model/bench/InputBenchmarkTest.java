package io.veernet.model.bench;

import io.veernet.model.InkInput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's code path on a small log; what it measures is for {@code veernet bench input}, not for tests. */
class InputBenchmarkTest {

    @Test
    void timesEveryInputAndRendersATable() {
        List<InputBenchmark.Row> rows = InputBenchmark.run(160, 32, 2);
        assertEquals(Arrays.asList(InkInput.values()), rows.stream().map(InputBenchmark.Row::input).toList());
        rows.forEach(r -> assertTrue(r.width() == 160 && r.height() == 32 && r.minMs() >= 0 && r.medianMs() >= r.minMs(), r.toString()));
        String table = InputBenchmark.render(rows);
        assertTrue(table.contains("| flat_stretched | 32 x 160 |"), table);
    }
}
