package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import io.veernet.model.optim.TestModels;
import io.veernet.model.tensor.NamedParameters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Post-hoc EMA rebuilds a power EMA of another length from snapshots of two, as a tracked one would be. */
class PostHocEmaTest {

    @Test
    void sigmaRelAndExponentAreInverse() {
        // The paper's pairs: sigma_rel 0.05 and 0.10 are exponents of about 16.97 and 6.94.
        assertEquals(16.97, PostHocEma.gammaFor(0.05), 0.01);
        assertEquals(6.94, PostHocEma.gammaFor(0.10), 0.01);
        for (double s : new double[] {0.01, 0.05, 0.1, 0.2, 0.29}) {
            assertEquals(s, PostHocEma.sigmaRelFor(PostHocEma.gammaFor(s)), 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> PostHocEma.gammaFor(0.35));
        assertThrows(IllegalArgumentException.class, () -> PostHocEma.gammaFor(0));
    }

    @Test
    void aProfileIsTheWeightOfEachStepAndSumsToOne() {
        double[] p = PostHocEma.profile(2, 4, 6);
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        assertEquals(1, sum, 1e-12);
        assertEquals(0, p[4]);
        // The recurrence by hand: b_t = (1 - 1/t)^3; e_4 weighs w_4 by 1 - b_4.
        assertEquals(1 - Math.pow(0.75, 3), p[3], 1e-12);
        assertEquals((1 - Math.pow(2.0 / 3, 3)) * Math.pow(0.75, 3), p[2], 1e-12);
    }

    @Test
    void aRebuiltEmaMatchesADirectlyTrackedOneWithin1e4Relative() {
        int steps = 1200;
        int every = 50;
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear block = Linear.builder().setUnits(4).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            Map<String, Parameter> params = NamedParameters.of(block);
            List<Map<String, NDArray>> snapshots = new ArrayList<>();
            List<PostHocEma.Snapshot> specs = new ArrayList<>();
            try (PowerEma a = new PowerEma(0.05, params, manager);
                    PowerEma b = new PowerEma(0.10, params, manager);
                    PowerEma direct07 = new PowerEma(0.07, params, manager);
                    PowerEma direct15 = new PowerEma(0.15, params, manager)) {
                java.util.Random noise = new java.util.Random(5);
                for (int t = 1; t <= steps; t++) {
                    // A weight trajectory like training's: an offset, a drift, a slow wave and noise.
                    for (Parameter p : params.values()) {
                        float[] v = new float[(int) p.getShape().size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = (float) (1 + 0.1 * i + 0.5 * Math.sin(t / 150.0 + i) + 0.3 * t / steps
                                    + 0.01 * noise.nextGaussian());
                        }
                        TestModels.set(p, v);
                    }
                    TrainingMoment m = TrainingMoment.afterStep(t, 0);
                    for (PowerEma e : List.of(a, b, direct07, direct15)) {
                        e.update(m);
                    }
                    if (t % every == 0) {
                        for (PowerEma e : List.of(a, b)) {
                            snapshots.add(WeightMaps.copy(e.weights(), manager));
                            specs.add(new PostHocEma.Snapshot(e.gamma(), e.count()));
                        }
                    }
                }
                for (PowerEma direct : List.of(direct07, direct15)) {
                    double[] c = PostHocEma.coefficients(specs, direct.sigmaRel(), steps);
                    Map<String, NDArray> rebuilt = PostHocEma.combine(snapshots, c, manager);
                    double err = 0;
                    double norm = 0;
                    for (String name : params.keySet()) {
                        float[] x = rebuilt.get(name).toFloatArray();
                        float[] y = direct.weights().get(name).toFloatArray();
                        for (int i = 0; i < x.length; i++) {
                            err += (x[i] - y[i]) * (double) (x[i] - y[i]);
                            norm += y[i] * (double) y[i];
                        }
                    }
                    double relative = Math.sqrt(err / norm);
                    assertTrue(relative < 1e-4, "sigma_rel " + direct.sigmaRel() + ": relative error " + relative);
                }
            }
        }
    }

    @Test
    void combiningOneSnapshotWithWeightOneGivesItBack() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> m = Map.of("w", manager.create(new float[] {1.5f, -2f, 3e-3f}));
            Map<String, NDArray> out = PostHocEma.combine(List.of(m), new double[] {1}, manager);
            assertArrayEquals(m.get("w").toFloatArray(), out.get("w").toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> PostHocEma.combine(List.of(m), new double[] {0.5, 0.5}, manager));
        }
    }
}
