package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.model.averaging.Averager;
import io.veernet.model.averaging.Cadence;
import io.veernet.model.averaging.Ema;
import io.veernet.model.averaging.EmaHorizon;
import io.veernet.model.averaging.PowerEma;
import io.veernet.model.averaging.Swad;
import io.veernet.model.averaging.SwaBuffer;
import io.veernet.model.averaging.TrainingMoment;
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
 * BatchNorm statistics), optimizer state and every averager (two EMAs, SWA, SWAD with its window,
 * two power EMAs). Also the way the training loop is expected to wire these pieces together.
 */
class ResumeTest {

    private static final Shape INPUT = new Shape(1, 2, 6, 6);
    private static final int STEPS_PER_EPOCH = 3;
    private static final int EPOCHS = 6;
    /** The raw model's validation score per epoch as SWAD sees it: improves, flattens, rises again. */
    private static final double[] SCORES = {0.5, 0.7, 0.8, 0.79, 0.78, 0.6};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    /** The parts of a run that a checkpoint must bring back. */
    private record Run(Block block, Map<String, Parameter> params, Optimizer optimizer, List<Averager> averagers) {

        void train(NDManager manager, int fromStep, int toStep) {
            for (int step = fromStep; step < toStep; step++) {
                TestModels.backward(block, manager, INPUT, step);
                float lr = 0.02f * (1 - step / 20f);
                assertTrue(optimizer.step(lr).applied());
                int epoch = step / STEPS_PER_EPOCH;
                feed(TrainingMoment.afterStep(step + 1, epoch));
                if ((step + 1) % STEPS_PER_EPOCH == 0) {
                    feed(TrainingMoment.epochEnd(step + 1, epoch));
                    for (Averager a : averagers) {
                        a.validated(epoch, step + 1, SCORES[epoch]);
                    }
                }
            }
        }

        private void feed(TrainingMoment m) {
            for (Averager a : averagers) {
                if (a.shouldUpdate(m)) {
                    a.update(m);
                }
            }
        }

        Map<String, float[]> everything() {
            Map<String, float[]> all = new LinkedHashMap<>();
            params.forEach((n, p) -> all.put("model/" + n, p.getArray().toFloatArray()));
            optimizer.state().slots().forEach((slot, arrays) ->
                    arrays.forEach((n, a) -> all.put(slot + "/" + n, a.toFloatArray())));
            for (Averager a : averagers) {
                a.state().parts().forEach((part, arrays) -> arrays.forEach((n, x) ->
                        all.put(a.name() + "." + part + "/" + n, x.toFloatArray())));
                all.put(a.name() + "/count", new float[] {a.count()});
            }
            return all;
        }
    }

    private static Run start(NDManager manager, OptimizerConfig config, Map<String, NDArray> initial) {
        Block block = TestModels.convBn(manager);
        Map<String, Parameter> params = NamedParameters.of(block);
        if (initial != null) {
            WeightMaps.load(initial, params);
        }
        List<Averager> averagers = List.of(
                new Ema(EmaHorizon.halfLifeSteps(2), STEPS_PER_EPOCH, params, manager),
                new Ema(EmaHorizon.halfLifeEpochs(2), STEPS_PER_EPOCH, params, manager),
                new SwaBuffer(Cadence.epochEnds(3), params, manager),
                new Swad(new Swad.Settings(2, 2, 0.3), Cadence.everyStep(), params, manager),
                new PowerEma(0.05, params, manager),
                new PowerEma(0.10, params, manager));
        return new Run(block, params, Optimizer.create(config, params, manager), averagers);
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
        return new TrainingState(run.params(), run.optimizer(), run.averagers());
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
                uninterrupted.train(a, 0, EPOCHS * STEPS_PER_EPOCH);
                expected = uninterrupted.everything();
                Swad swad = (Swad) uninterrupted.averagers().get(3);
                assertTrue(swad.converged(), "the scores open SWAD's window, so its whole state is exercised");
            }

            CheckpointStore store = CheckpointStore.writer(runDir.resolve("checkpoints"), "ckpt", 2, StoreIo.local());
            try (NDManager b = manager.newSubManager()) {
                Run first = start(b, config, initial);
                first.train(b, 0, 4 * STEPS_PER_EPOCH + 1);
                save(store, first, 4, 4 * STEPS_PER_EPOCH + 1);
            } // the "crash": everything of the first process is freed

            Map<String, float[]> actual;
            try (NDManager c = manager.newSubManager()) {
                Run resumed = start(c, config, null);
                try (NDManager loaded = c.newSubManager()) {
                    Checkpoint ckpt = CheckpointStore.reader(runDir.resolve("checkpoints"), "ckpt").latestValid(loaded).orElseThrow();
                    assertEquals(4 * STEPS_PER_EPOCH + 1, ckpt.step());
                    restore(resumed, ckpt);
                }
                assertEquals(4 * STEPS_PER_EPOCH + 1, resumed.optimizer().stepCount());
                resumed.train(c, 4 * STEPS_PER_EPOCH + 1, EPOCHS * STEPS_PER_EPOCH);
                actual = resumed.everything();
            }
            assertEquals(expected.keySet(), actual.keySet());
            expected.forEach((key, value) -> assertArrayEquals(value, actual.get(key), key + " must be bit-identical"));
        }
    }
}
