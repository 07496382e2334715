package io.veernet.model.bench;

import java.util.Arrays;

/** Summary figures of repeated timed runs, shared by the benchmarks. */
final class Timings {

    private Timings() {}

    /** The median: what a run typically costs, robust to a shared machine's occasional stalls. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The fastest run: what the work costs when nothing else competes for the cores. */
    static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    /** The engine's intra-op threads, which every figure depends on. */
    static int intraOpThreads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }
}
