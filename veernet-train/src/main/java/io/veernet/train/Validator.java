package io.veernet.train;

import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.metrics.SplitScorer;
import io.veernet.model.Predictor;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores models on the validation split. Small splits are decoded once and kept in memory;
 * larger ones (over {@value #CACHE_PIXELS} pixels) are read from disk each time.
 */
public final class Validator {

    static final long CACHE_PIXELS = 64L << 20;

    private final List<SampleRef> refs;
    private final List<Sample> cached;

    public Validator(List<SampleRef> refs) {
        this.refs = List.copyOf(refs);
        List<Sample> loaded = new ArrayList<>();
        long pixels = 0;
        for (SampleRef ref : this.refs) {
            Sample s = Dataset.load(ref);
            loaded.add(s);
            pixels += (long) s.image().width() * s.image().height();
            if (pixels > CACHE_PIXELS) {
                loaded = null;
                break;
            }
        }
        this.cached = loaded;
    }

    public int size() {
        return refs.size();
    }

    /** The predictor's scores over the validation images. */
    public ValidationScore score(Predictor predictor) {
        SplitScorer scorer = new SplitScorer();
        for (int i = 0; i < refs.size(); i++) {
            Sample s = cached != null ? cached.get(i) : Dataset.load(refs.get(i));
            scorer.add(s, predictor.probabilities(s.image()));
        }
        return ValidationScore.of(scorer);
    }
}
