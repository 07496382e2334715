package io.veernet.train;

import io.veernet.config.LrConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrScheduleTest {

    static final int EPOCHS = 8;
    static final int STEPS = 10;

    @Test
    void warmupThenCosineToTheSwaStartThenAnnealThenConstant() {
        LrConfig c = new LrConfig(1e-2, 1, 0.1, 1e-4, 2e-3, 5e-3, 1, "constant");
        LrSchedule s = new LrSchedule(c, EPOCHS, STEPS, 6);
        assertEquals(1e-3 + 0.9e-2 / STEPS, s.at(0), 1e-12);
        assertEquals(1e-2, s.at(STEPS - 1), 1e-12);
        for (long step = STEPS; step < 6 * STEPS - 1; step++) {
            assertTrue(s.at(step + 1) <= s.at(step), "cosine decays at step " + step);
        }
        assertEquals(1e-4, s.at(6 * STEPS - 1), 2e-5);
        assertEquals(2e-3, s.at(7 * STEPS - 1), 1e-12);
        assertEquals(2e-3, s.at(EPOCHS * STEPS - 1), 1e-12);
        assertTrue(s.at(6 * STEPS + 3) > 1e-4 && s.at(6 * STEPS + 3) < 2e-3);
    }

    @Test
    void cyclicSwaRunsHighToLowWithinEachEpoch() {
        LrConfig c = new LrConfig(1e-2, 0, 0.1, 1e-4, 1e-3, 5e-3, 0, "cyclic");
        LrSchedule s = new LrSchedule(c, EPOCHS, STEPS, 6);
        for (int epoch : List.of(6, 7)) {
            assertEquals(5e-3, s.at(epoch * STEPS), 1e-12);
            assertEquals(1e-3, s.at(epoch * STEPS + STEPS - 1), 1e-12);
        }
    }

    @Test
    void withoutSwaTheCosineRunsToTheEnd() {
        LrConfig c = new LrConfig(1e-2, 0, 0.1, 0, 1e-3, 5e-3, 0, "constant");
        LrSchedule s = new LrSchedule(c, EPOCHS, STEPS, -1);
        assertEquals(1e-2, s.at(0), 1e-12);
        assertEquals(0, s.at(EPOCHS * STEPS), 1e-12);
        assertEquals(5e-3, s.at(EPOCHS * STEPS / 2), 1e-12);
    }

    @Test
    void shuffleDependsOnSeedAndEpochOnly() {
        List<Integer> items = java.util.stream.IntStream.range(0, 50).boxed().toList();
        assertEquals(EpochOrder.of(items, 3, 2), EpochOrder.of(items, 3, 2));
        assertTrue(!EpochOrder.of(items, 3, 2).equals(EpochOrder.of(items, 3, 3)));
        assertTrue(!EpochOrder.of(items, 3, 2).equals(EpochOrder.of(items, 4, 2)));
    }
}
