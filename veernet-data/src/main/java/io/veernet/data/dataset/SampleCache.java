package io.veernet.data.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * The samples of a split for repeated passes (validation every epoch, one pass per model in an
 * evaluation): decoded once and kept when they fit a pixel budget, read from disk on every pass
 * when they do not.
 */
public final class SampleCache {

    private final List<SampleRef> refs;
    private final List<Sample> kept;

    public SampleCache(List<SampleRef> refs, long maxPixels) {
        this.refs = List.copyOf(refs);
        List<Sample> loaded = new ArrayList<>();
        long pixels = 0;
        for (SampleRef ref : this.refs) {
            Sample s = Dataset.load(ref);
            pixels += (long) s.image().width() * s.image().height();
            if (pixels > maxPixels) {
                loaded = null;
                break;
            }
            loaded.add(s);
        }
        this.kept = loaded;
    }

    public int size() {
        return refs.size();
    }

    public SampleRef ref(int i) {
        return refs.get(i);
    }

    /** Sample i, from memory when kept, else from disk (checked either way). */
    public Sample get(int i) {
        return kept != null ? kept.get(i) : Dataset.load(refs.get(i));
    }
}
