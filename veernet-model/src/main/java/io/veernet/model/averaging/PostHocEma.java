package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.veernet.model.tensor.Mismatch;
import io.veernet.model.tensor.NamedArrays;
import io.veernet.model.tensor.NoGrad;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Post-hoc EMA (Karras et al. 2024, section 3): any power EMA, of any length, rebuilt after
 * training as a linear combination of snapshots of two (or more) {@link PowerEma}s.
 *
 * <p>Each snapshot is a known weighting of the training steps (its profile: the coefficient of
 * every step's weights in it, which the discrete update fixes exactly). The target's profile is
 * matched by least squares over the steps; the paper does this on the continuous profiles, we do
 * it on the exact discrete ones (a few snapshots by a few thousand steps: milliseconds), with
 * Commons Math's SVD solver (minimum-norm least squares, robust to nearly collinear snapshots). The
 * coefficients are rescaled to sum to one, as in the reference code.
 */
public final class PostHocEma {

    private PostHocEma() {
    }

    /** A snapshot of a power EMA: its exponent and the number of updates it had taken. */
    public record Snapshot(double gamma, long updates) {
        public Snapshot {
            if (updates < 1) {
                throw new IllegalArgumentException("a snapshot has at least one update, got " + updates);
            }
        }
    }

    /** sigma_rel of a power profile with exponent gamma: {@code sqrt((g + 1) / ((g + 2)^2 (g + 3)))}. */
    public static double sigmaRelFor(double gamma) {
        return Math.sqrt((gamma + 1) / ((gamma + 2) * (gamma + 2) * (gamma + 3)));
    }

    /** The exponent gamma whose profile has relative width {@code sigmaRel} (it falls as gamma grows). */
    public static double gammaFor(double sigmaRel) {
        // sigma_rel(gamma) rises from 0 at gamma = -1 to 0.300 near gamma = -0.382, then falls
        // towards 0: a length below that peak has one root on the falling side, bisected here.
        double lo = -0.38;
        double hi = 1e6;
        if (!(sigmaRel > 0 && sigmaRel < sigmaRelFor(lo))) {
            throw new IllegalArgumentException("sigma_rel must lie in (0, " + String.format(java.util.Locale.ROOT, "%.3f",
                    sigmaRelFor(lo)) + "), got " + sigmaRel);
        }
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (sigmaRelFor(mid) > sigmaRel) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /**
     * The coefficient of every step's weights (index tau - 1 for step tau) in a power EMA with
     * exponent {@code gamma} after {@code t} updates, padded with zeros to {@code length}.
     */
    public static double[] profile(double gamma, long t, int length) {
        if (t > length) {
            throw new IllegalArgumentException("profile of " + t + " updates does not fit " + length + " steps");
        }
        double[] c = new double[length];
        double tail = 1;
        for (long tau = t; tau >= 1; tau--) {
            double newest = tau == 1 ? 1 : PowerEma.newestWeight(gamma, tau);
            c[(int) (tau - 1)] = newest * tail;
            tail *= 1 - newest;
        }
        return c;
    }

    /** The weights of each snapshot in the combination that best rebuilds a power EMA of {@code targetSigmaRel} after {@code targetUpdates}. */
    public static double[] coefficients(List<Snapshot> snapshots, double targetSigmaRel, long targetUpdates) {
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("post-hoc EMA needs snapshots, got none");
        }
        long steps = targetUpdates;
        for (Snapshot s : snapshots) {
            steps = Math.max(steps, s.updates());
        }
        int length = Math.toIntExact(steps);
        double[][] a = new double[length][snapshots.size()];
        for (int j = 0; j < snapshots.size(); j++) {
            double[] p = profile(snapshots.get(j).gamma(), snapshots.get(j).updates(), length);
            for (int i = 0; i < length; i++) {
                a[i][j] = p[i];
            }
        }
        RealVector b = new ArrayRealVector(profile(gammaFor(targetSigmaRel), targetUpdates, length), false);
        double[] x = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false)).getSolver().solve(b).toArray();
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
        return x;
    }

    /** {@code sum_i c_i m_i} over maps with the same names and shapes, in float32, attached to {@code manager}. */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public static Map<String, NDArray> combine(List<? extends Map<String, ? extends NDArray>> maps, double[] c,
                                               NDManager manager) {
        if (maps.size() != c.length || maps.isEmpty()) {
            throw new IllegalArgumentException(maps.size() + " weight maps for " + c.length + " coefficients");
        }
        for (int i = 1; i < maps.size(); i++) {
            NamedArrays.requireLayout("snapshot " + i + " and snapshot 0", Mismatch.ofShapes(maps.get(0), maps.get(i)));
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (NoGrad ignored = NoGrad.enter()) {
            for (String name : maps.get(0).keySet()) {
                NDArray acc = WeightMaps.detachedCopy(maps.get(0).get(name), manager).muli((float) c[0]);
                for (int i = 1; i < maps.size(); i++) {
                    try (NDArray term = maps.get(i).get(name).mul((float) c[i])) {
                        acc.addi(term);
                    }
                }
                out.put(name, acc);
            }
        }
        return out;
    }
}
