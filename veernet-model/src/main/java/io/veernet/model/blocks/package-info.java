/**
 * The layers VeerNet is built from: {@link io.veernet.model.blocks.ResidualBlock},
 * {@link io.veernet.model.blocks.GroupNorm}, {@link io.veernet.model.blocks.DecoderStage},
 * {@link io.veernet.model.blocks.Cbam}, {@link io.veernet.model.blocks.AttentionBottleneck} with
 * {@link io.veernet.model.blocks.TransformerLayer}, {@link io.veernet.model.blocks.MultiHeadSelfAttention}
 * and {@link io.veernet.model.blocks.PositionalEncoding2d}.
 *
 * <p>Every forward pass closes its intermediates as soon as they are consumed. On the PyTorch
 * engine closing an array releases only the Java handle's reference: autograd keeps what backward
 * needs, so this is safe in training and keeps inference on full-size scans within memory.
 */
package io.veernet.model.blocks;
