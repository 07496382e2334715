package io.veernet.model.bench;

import io.veernet.data.raster.GrayImage;
import io.veernet.data.synth.LogSynthesizer;
import io.veernet.data.synth.SampleSeeds;
import io.veernet.data.synth.StyleProfile;
import io.veernet.data.synth.SynthConfig;
import io.veernet.model.InkInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each {@link InkInput} costs per picture, on the host, before the network: one generated
 * held-out log (the look with the densest grid and heaviest noise) at a given size, one thread.
 */
public final class InputBenchmark {

    /** One input's figures at one size. */
    public record Row(InkInput input, int width, int height, double medianMs, double minMs) {
    }

    private InputBenchmark() {
    }

    /** Every input timed {@code runs} times (after as many warm-up calls) on one {@code width} x {@code height} log. */
    public static List<Row> run(int width, int height, int runs) {
        SynthConfig synth = SynthConfig.defaults().withSize(new SynthConfig.Range(width, width), new SynthConfig.Range(height, height))
                .withProfile(StyleProfile.HELDOUT);
        GrayImage log = new LogSynthesizer(synth).generate(SampleSeeds.of(1, "bench-input", 0)).image();
        List<Row> rows = new ArrayList<>();
        for (InkInput input : InkInput.values()) {
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                input.of(log);
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                input.of(log);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            rows.add(new Row(input, width, height, Timings.median(ms), Timings.min(ms)));
        }
        return rows;
    }

    /** The rows as a Markdown table. */
    public static String render(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| input | size | median ms | min ms |\n|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d x %d | %.2f | %.2f |%n", r.input().label(), r.height(), r.width(),
                    r.medianMs(), r.minMs()));
        }
        return sb.toString();
    }
}
