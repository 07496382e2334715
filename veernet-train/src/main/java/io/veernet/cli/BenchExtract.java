package io.veernet.cli;

import io.veernet.data.curves.ExtractionBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code veernet bench extract}: both curve extractors timed on a full-size probability map. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = "Centroid and tracked curve extraction on a 640 x 12,800 probability map, one thread (median of runs).")
final class BenchExtract implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Timed runs per extractor (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--width", defaultValue = "12800", paramLabel = "PX", description = "Map width, depth columns (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "640", paramLabel = "PX", description = "Map height, rows (default: ${DEFAULT-VALUE}).")
    int height;

    @Override
    public Integer call() {
        if (runs < 1 || width < 64 || height < 64) {
            throw new UserInputException("--runs must be >= 1 and --width, --height >= 64");
        }
        System.out.print(ExtractionBenchmark.render(width, height, ExtractionBenchmark.run(width, height, runs)));
        return 0;
    }
}
