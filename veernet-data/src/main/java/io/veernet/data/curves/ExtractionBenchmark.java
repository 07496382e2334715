package io.veernet.data.curves;

import io.veernet.data.dataset.Track;
import io.veernet.data.raster.LabelMask;
import io.veernet.data.synth.LogSynthesizer;
import io.veernet.data.synth.SampleSeeds;
import io.veernet.data.synth.SynthConfig;
import io.veernet.data.synth.SyntheticLog;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times both extractors on one core over a full-size probability map: a generated 640 x 12,800
 * log's mask made soft (class pixels 0.85, their row neighbours 0.35) and sprinkled with specks,
 * so every column has the candidates a real prediction gives.
 */
public final class ExtractionBenchmark {

    /**
     * One extractor's timing in milliseconds: median and fastest wall time of the timed runs, and
     * the median CPU time of the thread (what one core spends; on a busy machine wall time also
     * counts waiting for a core).
     */
    public record Timing(Extractor extractor, double medianMs, double minMs, double cpuMs) {
    }

    private ExtractionBenchmark() {
    }

    /** Measures each extractor {@code runs} times after two untimed warm-up runs (JIT). */
    public static List<Timing> run(int width, int height, int runs) {
        SynthConfig cfg = SynthConfig.defaults().withSize(new SynthConfig.Range(width, width),
                new SynthConfig.Range(height, height));
        SyntheticLog log = new LogSynthesizer(cfg).generate(SampleSeeds.of(14, "bench", 0));
        ClassProbabilities map = softMap(log.mask(), new SplittableRandom(14));
        Track track = log.truth().track();
        List<Timing> out = new ArrayList<>();
        for (Extractor e : Extractor.values()) {
            for (int i = 0; i < 2; i++) {
                e.extract(map, track, TrackerConfig.defaults());
            }
            long[] nanos = new long[runs];
            long[] cpu = new long[runs];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < runs; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                e.extract(map, track, TrackerConfig.defaults());
                nanos[i] = System.nanoTime() - t0;
                cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            }
            Arrays.sort(nanos);
            Arrays.sort(cpu);
            out.add(new Timing(e, nanos[runs / 2] / 1e6, nanos[0] / 1e6, cpu[runs / 2] / 1e6));
        }
        return out;
    }

    /** The table {@code veernet bench extract} prints. */
    public static String render(int width, int height, List<Timing> timings) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "curve extraction, %d x %d probability map (3 classes), one thread%n%-10s %10s %10s %10s%n",
                height, width, "extractor", "median ms", "min ms", "CPU ms"));
        for (Timing t : timings) {
            sb.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %10.1f%n", t.extractor().label(), t.medianMs(),
                    t.minMs(), t.cpuMs()));
        }
        return sb.toString();
    }

    static ClassProbabilities softMap(LabelMask mask, SplittableRandom rng) {
        int w = mask.width();
        int h = mask.height();
        int plane = w * h;
        float[] p = new float[3 * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = mask.get(x, y);
                int i = y * w + x;
                if (k != 0) {
                    p[k * plane + i] = 0.85f;
                } else {
                    int above = y > 0 ? mask.get(x, y - 1) : 0;
                    int below = y + 1 < h ? mask.get(x, y + 1) : 0;
                    int near = above != 0 ? above : below;
                    if (near != 0) {
                        p[near * plane + i] = 0.35f;
                    } else if (rng.nextInt(2000) == 0) {
                        p[(1 + rng.nextInt(2)) * plane + i] = 0.6f;
                    }
                }
                p[i] = 1 - p[plane + i] - p[2 * plane + i];
            }
        }
        return new ClassProbabilities(3, h, w, p);
    }

    /** {@code java -cp veernet-data.jar io.veernet.data.curves.ExtractionBenchmark [runs]}. */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.print(render(12_800, 640, run(12_800, 640, runs)));
    }
}
