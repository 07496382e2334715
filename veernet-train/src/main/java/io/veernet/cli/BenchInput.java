package io.veernet.cli;

import io.veernet.model.bench.InputBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code veernet bench input}: what each {@code model.input} costs per picture, before the network. */
@Command(name = "input", mixinStandardHelpOptions = true,
        description = "Every model.input (density, levelled, flat, flat_stretched) on one generated held-out log, one thread (median of runs).")
final class BenchInput implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "50", paramLabel = "N", description = "Timed runs per input and size (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--size", split = ",", defaultValue = "80x640,104x12800", paramLabel = "HxW",
            description = "Sizes, rows x columns, comma-separated (default: ${DEFAULT-VALUE}).")
    java.util.List<String> sizes;

    @Override
    public Integer call() {
        if (runs < 1) {
            throw new UserInputException("--runs must be at least 1, got " + runs);
        }
        java.util.List<InputBenchmark.Row> rows = new java.util.ArrayList<>();
        for (String s : sizes) {
            String[] hw = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            int h;
            int w;
            try {
                h = Integer.parseInt(hw[0]);
                w = hw.length == 2 ? Integer.parseInt(hw[1]) : -1;
            } catch (NumberFormatException e) {
                throw new UserInputException("--size must be ROWSxCOLUMNS, e.g. 80x640, got '" + s + "'");
            }
            if (hw.length != 2) {
                throw new UserInputException("--size must be ROWSxCOLUMNS, e.g. 80x640, got '" + s + "'");
            }
            try {
                rows.addAll(InputBenchmark.run(w, h, runs));
            } catch (IllegalArgumentException e) {
                // The generator names what it cannot draw (e.g. fewer than 32 rows).
                throw new UserInputException("--size " + s + ": " + e.getMessage());
            }
        }
        System.out.print(InputBenchmark.render(rows));
        return 0;
    }
}
