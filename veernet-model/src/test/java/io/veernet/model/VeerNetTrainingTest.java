package io.veernet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw training path of this project: no Trainer, our own collector, backward and update. */
class VeerNetTrainingTest {

    private static final SoftmaxCrossEntropyLoss CE = new SoftmaxCrossEntropyLoss("ce", 1f, 1, true, true);

    @Test
    void everyTrainableParameterGetsANonZeroGradient() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = TestNets.initialised(manager, TestNets.small("group", true), 40, 96, 5);
            try (NDManager step = manager.newSubManager()) {
                backward(net, step, 40, 96);
                List<String> without = new ArrayList<>();
                int trainable = 0;
                for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                    if (!e.getValue().requiresGradient()) {
                        continue;
                    }
                    trainable++;
                    try (NDArray grad = e.getValue().getArray().getGradient(); NDArray size = grad.abs().max()) {
                        if (!(size.getFloat() > 0)) {
                            without.add(e.getKey());
                        }
                    }
                }
                assertTrue(trainable > 50, "the net has its stages, attention and CBAM: " + trainable);
                assertEquals(List.of(), without, "parameters without gradient");
            }
        }
    }

    @Test
    void batchNormVariantTrainsAStepAndUpdatesItsRunningStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = TestNets.initialised(manager, TestNets.small("batch", false), 32, 64, 6);
            Map<String, Parameter> params = net.namedParameters();
            Parameter runningMean = params.get("stem_norm1_runningMean");
            Parameter runningVar = params.get("enc2_norm2_runningVar");
            Parameter weight = params.get("enc1_conv1_weight");
            assertFalse(runningMean.requiresGradient(), "running statistics are not trained");
            NDArray meanBefore = runningMean.getArray().duplicate();
            NDArray varBefore = runningVar.getArray().duplicate();
            NDArray weightBefore = weight.getArray().duplicate();

            try (NDManager step = manager.newSubManager()) {
                backward(net, step, 32, 64);
                for (Parameter p : params.values()) {
                    if (p.requiresGradient()) {
                        NDArray w = p.getArray();
                        try (NDArray grad = w.getGradient()) {
                            w.getNDArrayInternal().sgdUpdate(new NDList(w, grad), new NDList(w), 0.1f, 0f, 1f, -1f, 0f, false);
                        }
                    }
                }
            }
            assertFalse(runningMean.getArray().allClose(meanBefore), "running mean moved");
            assertFalse(runningVar.getArray().allClose(varBefore), "running variance moved");
            assertFalse(weight.getArray().allClose(weightBefore), "the SGD step changed the weights");

            // Evaluation uses the running statistics and gives finite logits.
            try (NDManager eval = manager.newSubManager()) {
                NDArray logits = TestNets.forward(net, eval, eval.randomUniform(0f, 1f, new Shape(1, 1, 32, 64)), false);
                assertFalse(logits.isNaN().any().getBoolean() || logits.isInfinite().any().getBoolean());
            }
        }
    }

    @Test
    void stepsLeaveNoArraysBehindOnTheModelsManager() {
        // Anything an op derives from a parameter first (a reshaped gamma, a gradient) lands on the
        // parameters' manager, which lives as long as the model: it must be closed explicitly.
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = TestNets.initialised(manager, TestNets.small("group", true), 24, 40, 7);
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager step = manager.newSubManager()) {
                    backward(net, step, 24 + 8 * i, 40);
                    for (Parameter p : net.namedParameters().values()) {
                        if (p.requiresGradient()) {
                            NDArray w = p.getArray();
                            try (NDArray grad = w.getGradient()) {
                                w.getNDArrayInternal().sgdUpdate(new NDList(w, grad), new NDList(w), 0.01f, 0f, 1f, -1f,
                                        0f, false);
                            }
                        }
                    }
                }
                try (NDManager eval = manager.newSubManager()) {
                    TestNets.forward(net, eval, eval.randomUniform(0f, 1f, new Shape(1, 1, 33, 57)), false);
                }
            }
            assertEquals(before, manager.getManagedArrays().size(), "arrays left on the model's manager");
        }
    }

    /** Forward and backward of softmax cross-entropy on a random image with random labels. */
    private static void backward(VeerNet net, NDManager step, int height, int width) {
        Engine.getInstance().setRandomSeed(17);
        NDArray x = step.randomUniform(0f, 1f, new Shape(1, 1, height, width));
        NDArray labels = step.randomInteger(0, 3, new Shape(1, 1, height, width), DataType.INT64);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = TestNets.forward(net, step, x, true);
            NDArray loss = CE.evaluate(new NDList(labels), new NDList(logits));
            collector.backward(loss);
        }
    }
}
