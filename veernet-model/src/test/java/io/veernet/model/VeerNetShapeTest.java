package io.veernet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VeerNetShapeTest {

    @Test
    void trainingOutputHasTheInputSizeForAwkwardSizes() {
        ModelConfig config = TestNets.small("group", true);
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = TestNets.initialised(manager, config, 64, 64, 1);
            for (int[] size : new int[][] {{33, 517}, {64, 1000}}) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.randomUniform(0f, 1f, new Shape(1, 1, size[0], size[1]));
                    NDArray logits = TestNets.forward(net, step, x, true);
                    assertEquals(new Shape(1, 3, size[0], size[1]), logits.getShape());
                    assertFalse(logits.isNaN().any().getBoolean(), "no NaN logits");
                }
            }
        }
    }

    @Test
    void inferenceAtScanSizeKeepsTheSizeAndMatchesTheStagePlan() {
        // The default depth and attention at 480 x 3,200: 30 x 200 = 6,000 bottleneck positions,
        // so the chunked attention path runs. Narrow widths keep it quick.
        ModelConfig config = new ModelConfig(4, 8, 32, 32, 1, 2, true, "group", 0.0);
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = TestNets.initialised(manager, config, 64, 64, 2);
            Shape input = new Shape(1, 1, 480, 3200);
            NDArray x = manager.randomUniform(0f, 1f, input);
            NDArray logits = TestNets.forward(net, manager, x, false);
            assertEquals(new Shape(1, 3, 480, 3200), logits.getShape());
            assertFalse(logits.isNaN().any().getBoolean(), "no NaN logits");

            Map<String, Shape> stages = net.stageShapes(input);
            assertEquals(new Shape(1, 8, 480, 3200), stages.get("stem"));
            assertEquals(new Shape(1, 32, 30, 200), stages.get("enc4"));
            assertEquals(new Shape(1, 32, 30, 200), stages.get("bottleneck"));
            assertEquals(new Shape(1, 8, 480, 3200), stages.get("dec1"));
            assertEquals(logits.getShape(), stages.get("output"));
        }
    }

    @Test
    void chunkedInferenceAttentionMatchesTheTrainingPath() {
        // 40 x 1,040 at depth 2 gives 10 x 260 = 2,600 bottleneck positions: three query chunks.
        ModelConfig config = new ModelConfig(2, 4, 8, 16, 1, 2, false, "group", 0.0);
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = TestNets.initialised(manager, config, 40, 1040, 3);
            NDArray x = manager.randomUniform(0f, 1f, new Shape(1, 1, 40, 1040));
            NDArray chunked = TestNets.forward(net, manager, x, false);
            NDArray whole;
            // GroupNorm has no train/eval difference and dropout is 0, so only the chunking differs.
            try (var collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                whole = TestNets.forward(net, manager, x, true);
            }
            assertTrue(chunked.allClose(whole, 1e-4, 1e-5, false), "chunked attention equals full attention");
        }
    }
}
