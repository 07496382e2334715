package io.veernet.model.averaging;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.veernet.model.optim.TestModels;
import io.veernet.model.tensor.NamedParameters;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SWAD's window from the validation loss: each epoch's steps set every weight to the epoch number,
 * so the served average's value says exactly which epochs (segments) it holds.
 */
class SwadTest {

    private static final int STEPS = 4;

    /** Runs SWAD over epochs whose validation scores are given; returns it (not closed: the caller closes the manager). */
    private static Swad run(Swad.Settings settings, double[] scores, Map<String, Parameter> params, NDManager manager) {
        Swad swad = new Swad(settings, Cadence.everyStep(), params, manager);
        long step = 0;
        for (int epoch = 0; epoch < scores.length; epoch++) {
            for (int i = 0; i < STEPS; i++) {
                float value = epoch;
                params.values().forEach(p -> {
                    float[] v = new float[(int) p.getShape().size()];
                    Arrays.fill(v, value);
                    TestModels.set(p, v);
                });
                TrainingMoment m = TrainingMoment.afterStep(++step, epoch);
                if (swad.shouldUpdate(m)) {
                    swad.update(m);
                }
            }
            swad.validated(epoch, step, scores[epoch]);
        }
        return swad;
    }

    private static Map<String, Parameter> params(NDManager manager) {
        Linear block = Linear.builder().setUnits(2).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        return NamedParameters.of(block);
    }

    private static float served(Swad swad) {
        return swad.weights().values().iterator().next().toFloatArray()[0];
    }

    @Test
    void theWindowOpensWhereTheLossStopsImprovingAndClosesWhereItRises() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Losses (1 - score): 0.5 0.3 0.20 0.21 0.22 0.20 0.40 0.45 0.50: the valley is epochs 2-5.
            double[] scores = {0.5, 0.7, 0.80, 0.79, 0.78, 0.80, 0.60, 0.55, 0.50};
            Swad swad = run(new Swad.Settings(3, 2, 0.3), scores, params(manager), manager);
            assertTrue(swad.converged());
            assertTrue(swad.windowClosed(), "the loss rose above the threshold for the tolerance");
            // Epochs 2..5 joined with equal weight: the mean of 2, 3, 4, 5.
            assertEquals(3.5f, served(swad), 1e-6f);
            assertEquals(4 * STEPS, swad.count());
            assertFalse(swad.shouldUpdate(TrainingMoment.afterStep(100, 9)), "a closed window takes no more steps");
        }
    }

    @Test
    void atTheEndTheWaitingSegmentsUnderTheThresholdJoin() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // The valley opens at epoch 2 and is still open at the end: 2, 3, 4 and 5 are served.
            double[] scores = {0.5, 0.7, 0.80, 0.79, 0.795, 0.80};
            Swad swad = run(new Swad.Settings(3, 3, 0.3), scores, params(manager), manager);
            assertTrue(swad.converged());
            assertFalse(swad.windowClosed());
            assertEquals(3.5f, served(swad), 1e-6f);
            assertEquals(4 * STEPS, swad.count());
        }
    }

    @Test
    void beforeTheValleyTheNewestSegmentStandsIn() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] scores = {0.5, 0.6, 0.7, 0.8};
            Swad swad = run(new Swad.Settings(3, 3, 0.3), scores, params(manager), manager);
            assertFalse(swad.converged());
            assertEquals(3f, served(swad), 0f);
            assertTrue(swad.description().contains("never stopped improving"), swad.description());
        }
    }
}
