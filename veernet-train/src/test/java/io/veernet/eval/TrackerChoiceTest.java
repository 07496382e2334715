package io.veernet.eval;

import io.veernet.data.curves.TrackerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrackerChoiceTest {

    /**
     * A choice recorded before {@code miss_weight} and {@code backup_cost} existed was chosen
     * without those costs: it reads back with both at 0 and every recorded cost as written.
     */
    @Test
    void aChoiceRecordedBeforeMissWeightReadsWithoutIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tracker.json");
        Files.writeString(file, """
                {"model": "swa", "data": "data/cpu-quick", "split": "validation",
                 "costs": {"floor": 0.5, "max_candidates": 5, "class_weight": 1.0, "absent": 1.2,
                           "switch_cost": 0.25, "jump_weight": 6.25, "jump_slack": 3.0, "jump_drift": 0.001,
                           "jump_cap": 8.0, "share_cost": 0.5, "wrap_cost": 1.0},
                 "config_objective": 0.8, "objective": 0.85, "centroid_objective": 0.7,
                 "trials": [{"key": "absent", "value": 1.2, "objective": 0.85, "kept": true}]}
                """);
        TrackerConfig costs = TrackerChoice.read(file).orElseThrow().costs();
        assertEquals(new TrackerConfig(0.5, 5, 1.0, 1.2, 0.25, 6.25, 3.0, 0.001, 8.0, 0.5, 1.0, 0.0, 0.0), costs);
    }
}
