package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.veernet.model.tensor.NoGrad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * SWAG (Maddox et al. 2019, "A Simple Baseline for Bayesian Uncertainty in Deep Learning"): beside
 * the SWA mean, the running second moment (diagonal) and the last K deviations {@code w - mean}
 * (low rank), taken at SWA's cadence. {@link #sample} draws weights from the SWAG Gaussian as the
 * reference code does: {@code mean + sqrt(scale) (sqrt(var) z1 + D^T z2 / sqrt(K - 1))}, variance
 * clamped at 1e-30; scale 0.5 is the paper's 1/sqrt(2) factors. Only trainable float32 weights are
 * sampled; BatchNorm statistics are the mean's and need a recalibration per sample (GroupNorm: none).
 * Normal draws come from a seeded {@link SplittableRandom}, so a sample set is reproducible.
 */
public final class Swag implements Averager {

    /** The name of the SWAG average in reports and checkpoints. */
    public static final String NAME = "swag";

    private final SwaBuffer mean;
    private final int rank;
    private final NDManager manager;
    private NDArray sqMean;
    private final Deque<NDArray> deviations = new ArrayDeque<>();

    /** SWAG over the parameters, keeping up to {@code rank} deviation columns, fed by {@code cadence}. */
    public Swag(int rank, Cadence cadence, Map<String, Parameter> parameters, NDManager parent, LiveWeights live) {
        if (rank < 2) {
            throw new IllegalArgumentException("SWAG keeps at least 2 deviation columns, got " + rank);
        }
        this.rank = rank;
        this.manager = parent.newSubManager();
        this.mean = new SwaBuffer("SWAG mean", cadence, parameters, manager, live);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return "swag";
    }

    @Override
    public String description() {
        return "SWAG: SWA mean of " + mean.count() + " end-of-epoch weights with diagonal variance and " + deviations.size()
                + " deviation columns";
    }

    @Override
    public boolean shouldUpdate(TrainingMoment moment) {
        return mean.shouldUpdate(moment);
    }

    @Override
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public void update(TrainingMoment moment) {
        mean.update();
        NDArray avg = mean.flatAverage();
        if (avg == null) {
            return;
        }
        LiveWeights live = mean.live();
        NDArray w = live.flat();
        try (NoGrad ignored = NoGrad.enter()) {
            long n = mean.count();
            if (sqMean == null) {
                sqMean = w.square();
                sqMean.attach(manager);
            } else {
                try (NDArray sq = w.square(); NDArray diff = sq.sub(sqMean)) {
                    sqMean.addi(diff.muli((float) (1.0 / n)));
                }
            }
            NDArray dev = w.sub(avg);
            dev.attach(manager);
            deviations.addLast(dev);
            while (deviations.size() > rank) {
                deviations.removeFirst().close();
            }
        } finally {
            live.release(w);
        }
    }

    @Override
    public boolean ready() {
        return mean.ready();
    }

    /** The SWA mean (SWAG's point estimate). */
    @Override
    public Map<String, NDArray> weights() {
        return mean.weights();
    }

    @Override
    public long count() {
        return mean.count();
    }

    /** Per trainable float32 weight, the variance {@code E[w^2] - mean^2} (clamped at 1e-30), as a new map. */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public Map<String, NDArray> variance(NDManager out) {
        try (NoGrad ignored = NoGrad.enter()) {
            NDArray avg = mean.flatAverage();
            NDArray var = sqMean.sub(avg.square()).maximum(1e-30f);
            return split(var, out);
        }
    }

    /** The deviation columns kept, oldest first (flat, in the averaged parameters' order). */
    public List<NDArray> deviations() {
        return List.copyOf(deviations);
    }

    /**
     * One weight set from the SWAG Gaussian with {@code scale} (0.5 in the paper), drawn from
     * {@code seed}; scale 0 gives the SWA mean exactly. Attached to {@code out}.
     */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public Map<String, NDArray> sample(double scale, long seed, NDManager out) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("SWAG scale must be >= 0, got " + scale);
        }
        Map<String, NDArray> result = new LinkedHashMap<>();
        Map<String, NDArray> avg = mean.weights();
        if (scale == 0 || mean.flatAverage() == null) {
            return WeightMaps.copy(avg, out);
        }
        try (NoGrad ignored = NoGrad.enter(); NDManager scope = manager.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(seed);
            NDArray flatMean = mean.flatAverage();
            long size = flatMean.size();
            NDArray z1 = scope.create(gaussians(rng, size));
            NDArray var = sqMean.sub(flatMean.square()).maximum(1e-30f);
            var.attach(scope);
            NDArray noise = var.sqrt().mul(z1);
            int k = deviations.size();
            if (k >= 2) {
                NDArray d = ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(deviations.toArray(new NDArray[0])));
                d.attach(scope);
                NDArray z2 = scope.create(gaussians(rng, k)).reshape(1, k);
                NDArray low = z2.matMul(d).reshape(size).div((float) Math.sqrt(k - 1.0));
                noise = noise.add(low);
            }
            NDArray flatSample = flatMean.add(noise.mul((float) Math.sqrt(scale)));
            Map<String, NDArray> sampled = split(flatSample, out);
            avg.forEach((name, a) -> result.put(name, sampled.containsKey(name) ? sampled.get(name)
                    : WeightMaps.copy(Map.of(name, a), out).get(name)));
        }
        return result;
    }

    private static float[] gaussians(SplittableRandom rng, long n) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            // Box-Muller: the JDK's SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }

    /** A flat vector back into named arrays, by the averaged parameters' shapes. */
    private Map<String, NDArray> split(NDArray flat, NDManager out) {
        Map<String, NDArray> named = new LinkedHashMap<>();
        Map<String, NDArray> avg = mean.weights();
        long offset = 0;
        for (String name : mean.flatNames()) {
            Shape shape = avg.get(name).getShape();
            long n = shape.size();
            NDArray part = flat.get(new NDIndex("{}:{}", offset, offset + n)).reshape(shape);
            part.attach(out);
            named.put(name, part);
            offset += n;
        }
        return named;
    }

    @Override
    public AveragerState state() {
        AveragerState m = mean.state();
        Map<String, Map<String, NDArray>> parts = new LinkedHashMap<>(m.parts());
        if (sqMean != null) {
            parts.put("sq-mean", Map.of("flat", sqMean));
        }
        int i = 0;
        for (NDArray d : deviations) {
            parts.put("deviation-" + i++, Map.of("flat", d));
        }
        return new AveragerState(JsonNodeFactory.instance.objectNode().put("count", mean.count())
                .put("deviations", deviations.size()), parts);
    }

    @Override
    public void restore(AveragerState state) {
        long n = state.scalars().path("count").asLong(-1);
        if (n < 0) {
            throw new IllegalArgumentException("SWAG: the saved state has no 'count'");
        }
        mean.restore(state);
        deviations.forEach(NDArray::close);
        deviations.clear();
        if (sqMean != null) {
            sqMean.close();
            sqMean = null;
        }
        if (n > 0 && state.parts().containsKey("sq-mean")) {
            sqMean = state.part(NAME, "sq-mean").get("flat").duplicate();
            sqMean.attach(manager);
            int k = state.scalars().path("deviations").asInt();
            List<NDArray> list = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                NDArray d = state.part(NAME, "deviation-" + i).get("flat").duplicate();
                d.attach(manager);
                list.add(d);
            }
            deviations.addAll(list);
        }
    }

    @Override
    public void close() {
        mean.close();
        manager.close();
    }
}
