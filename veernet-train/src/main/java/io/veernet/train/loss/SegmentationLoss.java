package io.veernet.train.loss;

import io.veernet.config.LossConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The training loss: a weighted sum of cross-entropy, Dice, Tversky, focal and Lovasz-softmax
 * terms over the softmax of the logits. Pixels outside the validity mask (padding) never count.
 *
 * <p>Inputs: logits (N, C, H, W) float32, labels (N, 1, H, W) int64 class indices, and an
 * optional validity mask (N, 1, H, W) float32 of 0 and 1 (null: every pixel counts). The result
 * is a scalar attached to the logits' manager.
 */
public final class SegmentationLoss {

    private static final float EPS = 1e-6f;

    private final LossConfig config;

    public SegmentationLoss(LossConfig config) {
        this.config = config;
    }

    /** The weighted loss. (Scalars are passed as float: a double would promote 0-d results to float64.) */
    public NDArray compute(NDArray logits, NDArray labels, NDArray valid) {
        int classes = (int) logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1);
        NDArray p = logp.exp();
        NDArray onehot = oneHot(labels, classes);
        NDArray mask = valid != null ? valid : logits.getManager().ones(labels.getShape(), DataType.FLOAT32);
        List<NDArray> terms = new ArrayList<>();
        if (config.ce() > 0) {
            terms.add(crossEntropy(logp, labels, mask, 0).mul(scalar(logits, config.ce())));
        }
        if (config.focal() > 0) {
            terms.add(crossEntropy(logp, labels, mask, config.focalGamma()).mul(scalar(logits, config.focal())));
        }
        if (config.dice() > 0) {
            terms.add(tversky(p, onehot, mask, 0.5, 0.5).mul(scalar(logits, config.dice())));
        }
        if (config.tversky() > 0) {
            terms.add(tversky(p, onehot, mask, config.tverskyAlpha(), config.tverskyBeta()).mul(scalar(logits, config.tversky())));
        }
        if (config.lovasz() > 0) {
            terms.add(lovaszSoftmax(p, onehot, mask).mul(scalar(logits, config.lovasz())));
        }
        NDArray total = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            total = total.add(terms.get(i));
        }
        return total;
    }

    /**
     * A float32 scalar in {@code like}'s manager. Never {@code x.mul(2f)} on a tensor that needs a
     * gradient: DJL wraps the number in a Java-owned array and frees it right after the call, while
     * autograd keeps a pointer to it for the backward pass (which then reads freed memory).
     */
    static NDArray scalar(NDArray like, double value) {
        return like.getManager().create((float) value);
    }

    /** One-hot (N, C, H, W) float32 of (N, 1, H, W) labels. */
    static NDArray oneHot(NDArray labels, int classes) {
        NDList planes = new NDList(classes);
        for (int k = 0; k < classes; k++) {
            planes.add(labels.eq(k).toType(DataType.FLOAT32, false));
        }
        return NDArrays.concat(planes, 1);
    }

    /**
     * Class-weighted cross-entropy, as torch's weighted mean: sum w_y (1 - p_y)^gamma (-log p_y)
     * over valid pixels, divided by the sum of w_y over valid pixels. gamma 0 is plain CE; above 0 it
     * is the focal loss.
     */
    private NDArray crossEntropy(NDArray logp, NDArray labels, NDArray mask, double gamma) {
        NDArray logpTrue = logp.gather(labels, 1);
        List<Double> cw = config.classWeights();
        NDArray weights = labels.eq(0).toType(DataType.FLOAT32, false).mul(cw.get(0).floatValue());
        for (int k = 1; k < cw.size(); k++) {
            weights = weights.add(labels.eq(k).toType(DataType.FLOAT32, false).mul(cw.get(k).floatValue()));
        }
        weights = weights.mul(mask);
        NDArray nll = logpTrue.neg();
        if (gamma > 0) {
            NDArray focus = logpTrue.exp().neg().add(1).pow(scalar(logp, gamma));
            nll = nll.mul(focus);
        }
        return nll.mul(weights).sum().div(weights.sum().add(EPS));
    }

    /**
     * 1 - mean over the curve classes of TP / (TP + alpha FP + beta FN), soft counts over valid
     * pixels. alpha = beta = 0.5 is the Dice loss.
     */
    private static NDArray tversky(NDArray p, NDArray onehot, NDArray mask, double alpha, double beta) {
        int[] axes = {0, 2, 3};
        NDArray pm = p.mul(mask);
        NDArray tp = pm.mul(onehot).sum(axes);
        NDArray fp = pm.sum(axes).sub(tp);
        NDArray fn = onehot.mul(mask).sum(axes).sub(tp);
        NDArray index = tp.add(EPS).div(tp.add(fp.mul(scalar(p, alpha))).add(fn.mul(scalar(p, beta))).add(EPS));
        return index.get("1:").mean().neg().add(1);
    }

    /**
     * Lovasz-softmax (Berman et al. 2018): for each class present in the labels, the Lovasz
     * extension of the Jaccard loss over the sorted absolute errors; mean over those classes.
     */
    private static NDArray lovaszSoftmax(NDArray p, NDArray onehot, NDArray mask) {
        long classes = p.getShape().get(1);
        NDArray keep = mask.flatten();
        NDArray total = null;
        int present = 0;
        for (int k = 0; k < classes; k++) {
            NDArray g = onehot.get(":, {}, :, :", k).flatten().mul(keep);
            float gts = g.sum().getFloat();
            if (gts <= 0) {
                continue;
            }
            NDArray errors = g.sub(p.get(":, {}, :, :", k).flatten()).abs().mul(keep);
            NDArray order = errors.argSort(0, false);
            NDArray sortedErrors = errors.get(order);
            NDArray sortedG = g.get(order).stopGradient();
            NDArray intersection = sortedG.cumSum(0).neg().add(gts);
            NDArray union = sortedG.neg().add(1).mul(keep.get(order)).cumSum(0).add(gts);
            NDArray jaccard = intersection.div(union).neg().add(1);
            long n = jaccard.getShape().get(0);
            NDArray grad = n > 1
                    ? jaccard.get("0:1").concat(jaccard.get("1:").sub(jaccard.get(":-1")), 0)
                    : jaccard;
            NDArray term = sortedErrors.mul(grad.stopGradient()).sum();
            total = total == null ? term : total.add(term);
            present++;
        }
        if (total == null) {
            return p.getManager().zeros(new ai.djl.ndarray.types.Shape());
        }
        return total.div(scalar(p, present));
    }
}
