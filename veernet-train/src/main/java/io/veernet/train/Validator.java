package io.veernet.train;

import io.veernet.data.dataset.SampleCache;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.metrics.SplitScorer;
import io.veernet.model.Predictor;

import java.util.List;

/** Scores models on the validation split (kept in memory when it is small). */
public final class Validator {

    /** Validation images are kept decoded up to this many pixels in total. */
    static final long CACHE_PIXELS = 64L << 20;

    private final SampleCache samples;

    public Validator(List<SampleRef> refs) {
        this.samples = new SampleCache(refs, CACHE_PIXELS);
    }

    public int size() {
        return samples.size();
    }

    /** The predictor's scores over the validation images. */
    public ValidationScore score(Predictor predictor) {
        SplitScorer scorer = new SplitScorer();
        for (int i = 0; i < samples.size(); i++) {
            var s = samples.get(i);
            scorer.add(s, predictor.probabilities(s.image()));
        }
        return ValidationScore.of(scorer);
    }
}
