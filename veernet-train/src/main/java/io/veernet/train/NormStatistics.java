package io.veernet.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.veernet.data.dataset.SampleRef;
import io.veernet.model.ModelConfig;
import io.veernet.model.Predictor;
import io.veernet.model.averaging.BatchNormRecalibration;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalisation statistics for averaged weights: a BatchNorm model's running statistics are
 * recomputed with one pass over training images (a cumulative average); GroupNorm has none, so
 * averaged weights are used as they are.
 */
public final class NormStatistics {

    private NormStatistics() {
    }

    /** Whether averaged weights of this architecture need a statistics pass. */
    public static boolean needed(ModelConfig model) {
        return ModelConfig.BATCH_NORM.equals(model.norm());
    }

    /**
     * Recomputes the predictor's BatchNorm statistics over up to {@code maxImages} training images
     * (0 = all); does nothing for GroupNorm. Returns the images used.
     */
    public static int recalibrate(Predictor predictor, List<SampleRef> train, int maxImages) {
        if (!needed(predictor.net().config())) {
            return 0;
        }
        List<SampleRef> refs = maxImages > 0 && train.size() > maxImages ? train.subList(0, maxImages) : train;
        try (NDManager scope = NDManager.newBaseManager()) {
            List<NDList> inputs = new ArrayList<>();
            for (SampleRef ref : refs) {
                TrainingExample ex = Prefetcher.decode(ref, predictor.net().config().input());
                inputs.add(new NDList(scope.create(ex.ink(), new Shape(1, 1, ex.height(), ex.width()))));
            }
            return BatchNormRecalibration.recalibrate(predictor.net(), inputs);
        }
    }
}
