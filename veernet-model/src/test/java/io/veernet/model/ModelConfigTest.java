package io.veernet.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigTest {

    @Test
    void defaultsSuitASmallCpu() {
        ModelConfig c = ModelConfig.defaults();
        assertEquals(4, c.depth());
        assertEquals(16, c.baseWidth());
        assertEquals(16, c.minInputMultiple());
        assertEquals(16, c.width(0));
        assertEquals(256, c.width(4));
        assertTrue(c.hasAttention());
        assertEquals("group", c.norm());
    }

    @Test
    void widthsDoubleUpToTheCap() {
        ModelConfig c = new ModelConfig(5, 32, 128, 64, 0, 4, false, "batch", 0.1);
        assertEquals(32, c.width(0));
        assertEquals(64, c.width(1));
        assertEquals(128, c.width(2));
        assertEquals(128, c.width(5));
        assertEquals(32, c.minInputMultiple());
        assertFalse(c.hasAttention());
    }

    @Test
    void errorsStartWithTheSnakeCaseKey() {
        ModelConfig d = ModelConfig.defaults();
        assertMessage("depth must be between 1 and 7, got 9",
                () -> new ModelConfig(9, 16, 256, 128, 2, 4, false, "group", 0));
        assertMessage("base_width must be between 1 and 1024, got 0",
                () -> new ModelConfig(4, 0, 256, 128, 2, 4, false, "group", 0));
        assertMessage("max_width must be between base_width (16) and 4096, got 8",
                () -> new ModelConfig(4, 16, 8, 128, 2, 4, false, "group", 0));
        assertMessage("attention_dim must be a multiple of 4",
                () -> new ModelConfig(4, 16, 256, 126, 2, 3, false, "group", 0));
        assertMessage("attention_dim must be divisible by attention_heads (3), got 128",
                () -> new ModelConfig(4, 16, 256, 128, 2, 3, false, "group", 0));
        assertMessage("attention_layers must be between 0 and 24, got -1",
                () -> new ModelConfig(4, 16, 256, 128, -1, 4, false, "group", 0));
        assertMessage("attention_heads must be between 1 and 64, got 0",
                () -> new ModelConfig(4, 16, 256, 128, 2, 0, false, "group", 0));
        assertMessage("norm must be \"group\" or \"batch\", got \"instance\"",
                () -> new ModelConfig(4, 16, 256, 128, 2, 4, false, "instance", 0));
        assertMessage("norm must be", () -> new ModelConfig(4, 16, 256, 128, 2, 4, false, null, 0));
        assertMessage("dropout must be in [0, 1), got 1.0",
                () -> new ModelConfig(4, 16, 256, 128, 2, 4, false, "group", 1.0));
        assertMessage("dropout must be in [0, 1), got NaN",
                () -> new ModelConfig(4, 16, 256, 128, 2, 4, false, "group", Double.NaN));
        assertMessage("level must be between 0 and depth (4), got 5", () -> d.width(5));
    }

    private static void assertMessage(String prefix, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
