package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A pre-norm transformer encoder layer (as in ViT): {@code x + attn(LN(x))}, then
 * {@code x + MLP(LN(x))} with a GELU MLP four times as wide. Pre-norm keeps the residual path
 * clean, which trains stably without warm-up tricks at small batch sizes.
 *
 * <p>DJL's {@code TransformerEncoderBlock} normalises with BatchNorm (running statistics, unusable
 * at batch size one across variable sizes), hence this block. Children: {@code attnNorm attn
 * mlpNorm fc1 fc2}.
 */
public class TransformerLayer extends NamedBlock {

    /** Width of the MLP relative to the token width. */
    public static final int MLP_RATIO = 4;

    private final float dropout;
    private final LayerNorm attnNorm;
    private final MultiHeadSelfAttention attn;
    private final LayerNorm mlpNorm;
    private final Linear fc1;
    private final Linear fc2;

    /** A layer over tokens of width {@code dim}, with dropout {@code dropout} on both branches. */
    public TransformerLayer(int dim, int heads, float dropout) {
        this.dropout = dropout;
        attnNorm = child("attnNorm", tokenNorm());
        attn = child("attn", new MultiHeadSelfAttention(dim, heads));
        mlpNorm = child("mlpNorm", tokenNorm());
        fc1 = child("fc1", Linear.builder().setUnits((long) MLP_RATIO * dim).build());
        fc2 = child("fc2", Linear.builder().setUnits(dim).build());
    }

    /** Layer norm over the token width of (N, S, D) inputs, whatever S is. */
    static LayerNorm tokenNorm() {
        return LayerNorm.builder().axis(2).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray mid;
        try (NDArray normed = apply(attnNorm, ps, x, training);
                NDArray attended = dropout(apply(attn, ps, normed, training), training)) {
            mid = x.add(attended);
        }
        try (NDArray m = mid;
                NDArray normed = apply(mlpNorm, ps, m, training);
                NDArray hidden = apply(fc1, ps, normed, training);
                NDArray activated = Activation.gelu(hidden);
                NDArray out = dropout(apply(fc2, ps, activated, training), training)) {
            return new NDList(m.add(out));
        }
    }

    /** Dropout that takes ownership of {@code x}: returns it as is when inactive, else frees it. */
    private NDArray dropout(NDArray x, boolean training) {
        if (!training || dropout == 0f) {
            return x;
        }
        try (x) {
            return Dropout.dropout(x, dropout, true).singletonOrThrow();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        initialize(attnNorm, manager, dataType, tokens);
        initialize(attn, manager, dataType, tokens);
        initialize(mlpNorm, manager, dataType, tokens);
        initialize(fc2, manager, dataType, initialize(fc1, manager, dataType, tokens));
    }
}
