package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.model.averaging.Ema;
import io.veernet.model.averaging.EmaSet;
import io.veernet.model.averaging.SwaBuffer;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.tensor.NamedParameters;
import io.veernet.model.optim.Optimizer;
import io.veernet.model.optim.OptimizerConfig;
import io.veernet.model.optim.TestModels;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash and resume through the checkpoint store continues bit-identically: model (with
 * BatchNorm statistics), optimizer state, two EMAs and the SWA average. Also the way the training
 * loop is expected to wire these pieces together.
 */
class ResumeTest {

    private static final Shape INPUT = new Shape(1, 2, 6, 6);
    private static final List<Double> DECAYS = List.of(0.9, 0.999);
    private static final int STEPS_PER_EPOCH = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    /** The parts of a run that a checkpoint must bring back. */
    private record Run(Block block, Map<String, Parameter> params, Optimizer optimizer, EmaSet emas, SwaBuffer swa) {

        void train(NDManager manager, int fromStep, int toStep) {
            for (int step = fromStep; step < toStep; step++) {
                TestModels.backward(block, manager, INPUT, step);
                float lr = 0.02f * (1 - step / 10f);
                assertTrue(optimizer.step(lr).applied());
                emas.update();
                if ((step + 1) % STEPS_PER_EPOCH == 0) {
                    swa.update();
                }
            }
        }

        Map<String, float[]> everything() {
            Map<String, float[]> all = new LinkedHashMap<>();
            params.forEach((n, p) -> all.put("model/" + n, p.getArray().toFloatArray()));
            optimizer.state().slots().forEach((slot, arrays) ->
                    arrays.forEach((n, a) -> all.put(slot + "/" + n, a.toFloatArray())));
            for (Ema ema : emas.all()) {
                ema.weights().forEach((n, a) -> all.put(Groups.ema(ema.decay()) + "/" + n, a.toFloatArray()));
            }
            swa.weights().forEach((n, a) -> all.put("swa/" + n, a.toFloatArray()));
            return all;
        }
    }

    private static Run start(NDManager manager, OptimizerConfig config, Map<String, NDArray> initial) {
        Block block = TestModels.convBn(manager);
        Map<String, Parameter> params = NamedParameters.of(block);
        if (initial != null) {
            WeightMaps.load(initial, params);
        }
        return new Run(block, params, Optimizer.create(config, params, manager),
                new EmaSet(DECAYS, params, manager), new SwaBuffer(params, manager));
    }

    /** What the loop writes at the end of an epoch. */
    private static Path save(CheckpointStore store, Run run, long epoch, long step) throws Exception {
        ObjectNode meta = JSON.createObjectNode().put("epoch", epoch).put("step", step);
        return state(run).save(store, epoch, step, meta);
    }

    /** What the loop does on resume, after building a fresh block, optimizer and averages. */
    private static void restore(Run run, Checkpoint ckpt) {
        state(run).restore(ckpt);
    }

    private static TrainingState state(Run run) {
        return new TrainingState(run.params(), run.optimizer(), run.emas(), run.swa());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adamw", "nadamw", "sgd"})
    void resumedRunIsBitIdenticalToAnUninterruptedOne(String name) throws Exception {
        OptimizerConfig config = new OptimizerConfig(name, 0.9, 0.999, 1e-8, 0.01, 0.9, true, 1.0);
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, float[]> expected;
            Map<String, NDArray> initial;
            try (NDManager a = manager.newSubManager()) {
                Run uninterrupted = start(a, config, null);
                initial = WeightMaps.snapshot(uninterrupted.params(), manager);
                uninterrupted.train(a, 0, 2 * STEPS_PER_EPOCH);
                expected = uninterrupted.everything();
            }

            CheckpointStore store = CheckpointStore.writer(runDir.resolve("checkpoints"), "ckpt", 2, StoreIo.local());
            try (NDManager b = manager.newSubManager()) {
                Run first = start(b, config, initial);
                first.train(b, 0, STEPS_PER_EPOCH);
                save(store, first, 1, STEPS_PER_EPOCH);
            } // the "crash": everything of the first process is freed

            Map<String, float[]> actual;
            try (NDManager c = manager.newSubManager()) {
                Run resumed = start(c, config, null);
                try (NDManager loaded = c.newSubManager()) {
                    Checkpoint ckpt = CheckpointStore.reader(runDir.resolve("checkpoints"), "ckpt").latestValid(loaded).orElseThrow();
                    assertEquals(STEPS_PER_EPOCH, ckpt.step());
                    restore(resumed, ckpt);
                }
                assertEquals(STEPS_PER_EPOCH, resumed.optimizer().stepCount());
                resumed.train(c, STEPS_PER_EPOCH, 2 * STEPS_PER_EPOCH);
                actual = resumed.everything();
            }
            assertEquals(expected.keySet(), actual.keySet());
            expected.forEach((key, value) -> assertArrayEquals(value, actual.get(key), key + " must be bit-identical"));
        }
    }
}
