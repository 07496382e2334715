package io.veernet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * A training batch as tensors: ink (N, 1, H, W), labels (N, 1, H, W) int64 and, when images differ
 * in size, a validity mask (N, 1, H, W) that is 1 on each image and 0 on its padding. Images are
 * padded at the bottom and right to the largest size, rounded up to the network's stride.
 */
record Batch(NDArray ink, NDArray labels, NDArray valid) {

    static Batch of(NDManager manager, List<TrainingExample> examples, int multiple) {
        if (examples.size() == 1) {
            TrainingExample e = examples.get(0);
            Shape shape = new Shape(1, 1, e.height(), e.width());
            return new Batch(manager.create(e.ink(), shape), manager.create(e.labels(), shape), null);
        }
        int h = 0;
        int w = 0;
        for (TrainingExample e : examples) {
            h = Math.max(h, e.height());
            w = Math.max(w, e.width());
        }
        h = (h + multiple - 1) / multiple * multiple;
        w = (w + multiple - 1) / multiple * multiple;
        int n = examples.size();
        float[] ink = new float[n * h * w];
        long[] labels = new long[n * h * w];
        float[] valid = new float[n * h * w];
        for (int k = 0; k < n; k++) {
            TrainingExample e = examples.get(k);
            for (int y = 0; y < e.height(); y++) {
                int dst = k * h * w + y * w;
                System.arraycopy(e.ink(), y * e.width(), ink, dst, e.width());
                System.arraycopy(e.labels(), y * e.width(), labels, dst, e.width());
                java.util.Arrays.fill(valid, dst, dst + e.width(), 1f);
            }
        }
        Shape shape = new Shape(n, 1, h, w);
        return new Batch(manager.create(ink, shape), manager.create(labels, shape), manager.create(valid, shape));
    }
}
