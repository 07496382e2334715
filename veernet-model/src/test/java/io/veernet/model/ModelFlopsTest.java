package io.veernet.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFlopsTest {

    @Test
    void countsEveryConvolutionOfATinyNetworkByHand() {
        // depth 1, widths 2 -> 4, no attention, 2 x 2 input.
        ModelConfig c = new ModelConfig(1, 2, 4, 8, 0, 2, false, "group", 0);
        // stem 1->2 at 2x2: 144 + 288 + shortcut 16; enc1 2->4 at 1x1: 144 + 288 + 16;
        // dec1: up 4->2 at 1x1: 16, block 4->2 at 2x2: 576 + 288 + 64; head 2->3 at 2x2: 48.
        assertEquals(1888, ModelFlops.forward(c, 2, 2), 1e-9);
        assertEquals(3 * 1888, ModelFlops.trainingStep(c, 2, 2), 1e-9);
    }

    @Test
    void attentionGrowsWithTheSquareOfTheTokens() {
        ModelConfig c = new ModelConfig(2, 4, 16, 16, 1, 2, false, "group", 0);
        ModelConfig none = new ModelConfig(2, 4, 16, 16, 0, 2, false, "group", 0);
        double a1 = ModelFlops.forward(c, 16, 64) - ModelFlops.forward(none, 16, 64);
        double a2 = ModelFlops.forward(c, 16, 128) - ModelFlops.forward(none, 16, 128);
        // Tokens double: projections double, the attention products quadruple.
        assertTrue(a2 > 2 * a1 && a2 < 4 * a1, a1 + " then " + a2);
    }
}
