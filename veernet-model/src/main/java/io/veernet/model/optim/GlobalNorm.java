package io.veernet.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import java.util.List;

/** The global L2 norm of a set of gradients and the factor that clips it, as torch's clip_grad_norm_. */
public final class GlobalNorm {

    private GlobalNorm() {}

    /**
     * Returns sqrt(sum of squares) over every element of every array: the norm of the per-array
     * norms (one native reduction per array plus one over the stacked results, read once).
     */
    public static double of(List<? extends NDArray> arrays) {
        if (arrays.isEmpty()) {
            return 0;
        }
        try (NDArray total = tensor(arrays)) {
            return total.getFloat();
        }
    }

    /**
     * The same norm as a 0-d array on the arrays' device, not read back: a caller that needs
     * other scalars too can read them all in one host transfer. {@code arrays} must not be empty.
     */
    public static NDArray tensor(List<? extends NDArray> arrays) {
        NDList norms = new NDList(arrays.size());
        try {
            for (NDArray array : arrays) {
                norms.add(array.norm());
            }
            try (NDArray stacked = NDArrays.stack(norms)) {
                return stacked.norm();
            }
        } finally {
            norms.close();
        }
    }

    /**
     * Returns the factor that brings {@code norm} down to {@code maxNorm}: {@code maxNorm / norm}
     * when the norm exceeds it, else 1 (also when {@code maxNorm} is 0, meaning off). Unlike torch
     * there is no +1e-6 in the denominator, so the clipped norm equals {@code maxNorm}.
     */
    public static double clipScale(double norm, double maxNorm) {
        return maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1.0;
    }
}
