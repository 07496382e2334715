package io.veernet.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSummaryTest {

    @Test
    void listsEveryStageAndCountsTheSameParametersAsTheNetwork() {
        ModelConfig config = ModelConfig.defaults();
        ModelSummary summary = ModelSummary.of(config, 100, 1000);
        System.out.println(summary.render());

        assertEquals(new Padding(100, 1000, 112, 1008), summary.padding());
        assertEquals(2 + 2 * config.depth() + 2, summary.stages().size(), "stem, encoders, bottleneck, decoders, head, output");
        assertEquals(new Shape(1, 256, 7, 63), summary.stages().get(4).outputShape(), "enc4");
        assertEquals(new Shape(1, 3, 100, 1000), summary.stages().get(summary.stages().size() - 1).outputShape());
        long sum = summary.stages().stream().mapToLong(ModelSummary.Stage::parameters).sum();
        assertEquals(sum, summary.trainableParameters());
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = TestNets.initialised(manager, config, 16, 16, 1);
            assertEquals(net.trainableParameterCount(), summary.trainableParameters());
        }
        String text = summary.render();
        assertTrue(text.contains("bottleneck"), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%,d trainable", summary.trainableParameters())), text);
        assertEquals(summary.trainableParameters() * 4 / 1e6, summary.megabytes(), 1e-9);
    }

    @Test
    void batchNormRunningStatisticsAreCountedApart() {
        ModelConfig config = new ModelConfig(2, 8, 16, 16, 0, 2, false, "batch", 0.0);
        ModelSummary summary = ModelSummary.of(config, 8, 8);
        assertTrue(summary.bufferParameters() > 0);
        assertTrue(summary.render().contains("running statistics"), summary.render());
    }
}
