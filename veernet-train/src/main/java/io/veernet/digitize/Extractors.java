package io.veernet.digitize;

import io.veernet.data.curves.Extractor;

/**
 * The curve extractor for each kind of input: one for scans read at their own height, one for
 * taller scans reduced to the working geometry first. {@code --extractor auto} chooses each on
 * validation logs of its own kind, because an extractor that wins on one kind can lose badly on
 * the other (on full-height logs the centroid one reads curve 1 at R2 0.35 against tracked's 0.98).
 *
 * @param asIs    for inputs of up to the working geometry's {@code reduceTo} rows
 * @param reduced for taller inputs
 */
public record Extractors(Extractor asIs, Extractor reduced) {

    public Extractors {
        if (asIs == null || reduced == null) {
            throw new IllegalArgumentException("an extractor is needed for both kinds of input");
        }
    }

    /** One extractor for every input (a named {@code --extractor}). */
    public static Extractors same(Extractor extractor) {
        return new Extractors(extractor, extractor);
    }

    /** The extractor for an input that is, or is not, reduced before the model reads it. */
    public Extractor forInput(boolean reducedInput) {
        return reducedInput ? reduced : asIs;
    }
}
