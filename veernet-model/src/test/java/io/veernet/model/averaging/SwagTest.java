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

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** SWAG's moments, deviations, sampling and saved state on known weight sequences. */
class SwagTest {

    private static Map<String, Parameter> params(NDManager manager) {
        Linear block = Linear.builder().setUnits(3).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        return NamedParameters.of(block);
    }

    private static void setAll(Map<String, Parameter> params, float value) {
        params.values().forEach(p -> {
            float[] v = new float[(int) p.getShape().size()];
            Arrays.fill(v, value);
            TestModels.set(p, v);
        });
    }

    /** Sets parameter element i to {@code base + i / 10} so that elements differ. */
    private static void setRamp(Map<String, Parameter> params, float base) {
        params.values().forEach(p -> {
            float[] v = new float[(int) p.getShape().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = base + i / 10f + (float) Math.sin(base * (i + 1));
            }
            TestModels.set(p, v);
        });
    }

    private static Swag swag(Map<String, Parameter> params, NDManager manager) {
        return new Swag(3, Cadence.epochEnds(0), params, manager, null);
    }

    private static void feed(Swag s, int epoch) {
        s.update(TrainingMoment.epochEnd(epoch + 1L, epoch));
    }

    @Test
    void theMomentsAndDeviationsOfAKnownSequenceAreTheHandComputedOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(manager);
            try (Swag s = swag(params, manager)) {
                float[] seq = {1, 2, 6, 7};
                for (int e = 0; e < seq.length; e++) {
                    setAll(params, seq[e]);
                    feed(s, e);
                }
                // mean 4, E[w^2] = (1 + 4 + 36 + 49) / 4 = 22.5, variance 6.5
                s.weights().values().forEach(a -> {
                    for (float v : a.toFloatArray()) {
                        assertEquals(4f, v, 1e-5f);
                    }
                });
                s.variance(manager).values().forEach(a -> {
                    for (float v : a.toFloatArray()) {
                        assertEquals(6.5f, v, 1e-4f);
                    }
                });
                // The last 3 deviations w - running mean: 2 - 1.5, 6 - 3, 7 - 4 (the first, 0, dropped)
                List<NDArray> d = s.deviations();
                assertEquals(3, d.size());
                float[] expected = {0.5f, 3f, 3f};
                for (int i = 0; i < 3; i++) {
                    for (float v : d.get(i).toFloatArray()) {
                        assertEquals(expected[i], v, 1e-5f);
                    }
                }
                assertEquals(4, s.count());
            }
        }
    }

    @Test
    void scaleZeroIsTheSwaMeanExactlyAndASeededSampleRepeats() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(manager);
            try (Swag s = swag(params, manager); SwaBuffer swa = new SwaBuffer(params, manager)) {
                for (int e = 0; e < 5; e++) {
                    setRamp(params, e);
                    feed(s, e);
                    swa.update();
                }
                Map<String, NDArray> zero = s.sample(0, 1, manager);
                swa.weights().forEach((name, a) -> assertArrayEquals(a.toFloatArray(), zero.get(name).toFloatArray(), name));
                Map<String, NDArray> a = s.sample(0.5, 42, manager);
                Map<String, NDArray> b = s.sample(0.5, 42, manager);
                Map<String, NDArray> c = s.sample(0.5, 43, manager);
                a.forEach((name, x) -> assertArrayEquals(x.toFloatArray(), b.get(name).toFloatArray(), name));
                assertFalse(Arrays.equals(a.get("weight").toFloatArray(), c.get("weight").toFloatArray()),
                        "another seed gives another sample");
                assertFalse(Arrays.equals(a.get("weight").toFloatArray(), zero.get("weight").toFloatArray()),
                        "a sample at scale 0.5 is not the mean");
                assertThrows(IllegalArgumentException.class, () -> s.sample(-1, 1, manager));
            }
        }
    }

    @Test
    void aRestoredSwagContinuesExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Parameter> params = params(manager);
            try (Swag straight = swag(params, manager); Swag first = swag(params, manager);
                    Swag resumed = swag(params, manager)) {
                for (int e = 0; e < 6; e++) {
                    setRamp(params, e * 0.7f);
                    feed(straight, e);
                    if (e < 4) {
                        feed(first, e);
                    } else {
                        if (e == 4) {
                            resumed.restore(first.state());
                        }
                        feed(resumed, e);
                    }
                }
                Map<String, NDArray> x = straight.sample(0.5, 7, manager);
                Map<String, NDArray> y = resumed.sample(0.5, 7, manager);
                x.forEach((name, v) -> assertArrayEquals(v.toFloatArray(), y.get(name).toFloatArray(), name));
                Map<String, NDArray> vx = straight.variance(manager);
                Map<String, NDArray> vy = resumed.variance(manager);
                vx.forEach((name, v) -> assertArrayEquals(v.toFloatArray(), vy.get(name).toFloatArray(), name));
                assertEquals(straight.deviations().size(), resumed.deviations().size());
            }
        }
    }
}
