package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.veernet.model.tensor.NamedParameters;
import io.veernet.model.optim.Optimizer;
import io.veernet.model.optim.OptimizerConfig;
import io.veernet.model.optim.TestModels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Many optimizer, EMA, SWA and averaging steps leave the number of live arrays unchanged. */
class NoLeakTest {

    private static final Shape INPUT = new Shape(1, 2, 6, 6);

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "nadamw", "sgd"})
    void liveArraysDoNotGrow(String name) {
        OptimizerConfig config = new OptimizerConfig(name, 0.9, 0.999, 1e-8, 0.01, 0.9, true, 0.5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = TestModels.convBn(manager);
            Map<String, Parameter> params = NamedParameters.of(block);
            try (Optimizer optimizer = Optimizer.create(config, params, manager);
                    Ema fast = new Ema(0.99, params, manager);
                    Ema slow = new Ema(0.999, params, manager);
                    SwaBuffer swa = new SwaBuffer(params, manager)) {
                TestModels.backward(block, manager, INPUT, 0);
                optimizer.step(0.01f);
                fast.update();
                slow.update();
                swa.update();
                int before = manager.getManagedArrays().size();
                for (int step = 1; step <= 40; step++) {
                    if (step % 10 == 0) {
                        try (NDManager scope = manager.newSubManager()) {
                            NDArray x = TestModels.input(scope, INPUT, step);
                            x.set(new NDIndex(0, 0, 0, 0), Float.NaN);
                            TestModels.backward(block, scope, x, step);
                        }
                        assertFalse(optimizer.step(0.01f).applied());
                        continue;
                    }
                    TestModels.backward(block, manager, INPUT, step);
                    optimizer.step(0.01f);
                    fast.update();
                    slow.update();
                    if (step % 5 == 0) {
                        swa.update();
                        try (NDManager scope = manager.newSubManager()) {
                            WeightMaps.average(List.of(swa.weights(), fast.weights()), scope);
                        }
                    }
                }
                optimizer.state();
                assertEquals(before, manager.getManagedArrays().size(), "live arrays after 40 steps");
            }
        }
    }
}
