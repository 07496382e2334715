package io.veernet.data.synth;

/** The seed of sample i of a split: a function of (dataset seed, split, i) alone. */
public final class SampleSeeds {

    private SampleSeeds() {
    }

    public static long of(long datasetSeed, String split, int index) {
        long h = mix(datasetSeed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < split.length(); i++) {
            h = mix(h ^ split.charAt(i));
        }
        return mix(h ^ (index * 0xBF58476D1CE4E5B9L));
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
