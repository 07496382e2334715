package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product self-attention over tokens of shape (N, S, D).
 *
 * <p>Children: {@code qkv} (one fused projection to queries, keys and values) and {@code proj}.
 */
public class MultiHeadSelfAttention extends NamedBlock {

    /**
     * Outside training, queries are processed in chunks of this many positions so the score
     * matrix never holds S x S values at once: a 640 x 12,800 scan at depth 4 has 32,000
     * bottleneck positions, whose full score matrix would take 4 GB per head.
     */
    static final int QUERY_CHUNK = 1024;

    private final int dim;
    private final int heads;
    private final Linear qkv;
    private final Linear proj;

    /** Attention with {@code heads} heads over tokens of width {@code dim}. */
    public MultiHeadSelfAttention(int dim, int heads) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim must be divisible by heads (" + heads + "), got " + dim);
        }
        this.dim = dim;
        this.heads = heads;
        qkv = child("qkv", Linear.builder().setUnits(3L * dim).build());
        proj = child("proj", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0);
        long s = x.getShape().get(1);
        long headDim = dim / heads;
        try (NDArray packed = apply(qkv, ps, x, training);
                NDArray split = packed.reshape(n, s, 3, heads, headDim);
                NDArray perHead = split.transpose(2, 0, 3, 1, 4); // (3, N, H, S, hd)
                NDArray q = perHead.get(0);
                // Not q.mul(double): DJL would wrap the number in a Java-owned array and free it at
                // once, while autograd keeps a pointer to it for the backward pass. This scalar
                // lives in the input's manager, as long as the step's graph.
                NDArray scaledQ = q.mul(x.getManager().create((float) (1.0 / Math.sqrt(headDim))));
                NDArray k = perHead.get(1);
                NDArray keysT = k.transpose(0, 1, 3, 2);
                NDArray v = perHead.get(2);
                NDArray attended = attend(scaledQ, keysT, v, training);
                NDArray byPosition = attended.transpose(0, 2, 1, 3);
                NDArray merged = byPosition.reshape(n, s, dim)) {
            return new NDList(apply(proj, ps, merged, training));
        }
    }

    private static NDArray attend(NDArray q, NDArray keysT, NDArray v, boolean training) {
        long s = q.getShape().get(2);
        if (training || s <= QUERY_CHUNK) {
            try (NDArray scores = q.matMul(keysT); NDArray weights = scores.softmax(-1)) {
                return weights.matMul(v);
            }
        }
        try (NDList parts = new NDList()) {
            for (long start = 0; start < s; start += QUERY_CHUNK) {
                long end = Math.min(s, start + QUERY_CHUNK);
                try (NDArray chunk = q.get(new NDIndex(":, :, {}:{}", start, end));
                        NDArray scores = chunk.matMul(keysT);
                        NDArray weights = scores.softmax(-1)) {
                    parts.add(weights.matMul(v));
                }
            }
            return NDArrays.concat(parts, 2);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initialize(qkv, manager, dataType, inputShapes[0]);
        initialize(proj, manager, dataType, inputShapes[0]);
    }
}
