package io.veernet.cli;

import ai.djl.ndarray.NDManager;
import io.veernet.config.VeernetConfig;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.Extractor;
import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.metrics.CurveSummary;
import io.veernet.data.metrics.SplitScorer;
import io.veernet.data.synth.HeldoutAblation;
import io.veernet.data.synth.LogSynthesizer;
import io.veernet.data.synth.SampleSeeds;
import io.veernet.data.synth.SyntheticLog;
import io.veernet.eval.Candidate;
import io.veernet.eval.ModelRunner;
import io.veernet.eval.RunModels;
import io.veernet.eval.TrackerChoice;
import io.veernet.train.RunFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code veernet ablate-heldout}: which held-out axis costs a trained model most (docs/REPRODUCING.md). */
@Command(name = "ablate-heldout", mixinStandardHelpOptions = true,
        description = {"Score one model on the held-out look with one group of axes at a time put back to the training",
                "ranges (the same seeds for every look, logs made in memory); writes held-out-ablation.md in the run."})
public final class AblateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AblateCommand.class);

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Trained run folder.")
    Path runDir;

    @Option(names = "--model", defaultValue = "swa", paramLabel = "NAME", description = "Model to score (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--images", defaultValue = "40", paramLabel = "N", description = "Logs per look (default: ${DEFAULT-VALUE}).")
    int images;

    @Override
    public Integer call() throws Exception {
        if (images < 2) {
            throw new UserInputException("--images must be at least 2, got " + images);
        }
        RunFolder run = RunFolder.open(runDir);
        VeernetConfig cfg = run.loadConfig();
        Engines.configureThreads(cfg.train().threads());
        var tracker = TrackerChoice.costsFor(run, cfg);
        StringBuilder md = new StringBuilder("# Held-out ablation: ").append(modelName).append(" of ").append(runDir)
                .append("\n\n").append(images).append(" logs per look, sizes from the run's synth config, the same seeds "
                        + "for every look (data seed, split `ablation`). Each row puts one group of the held-out axes back "
                        + "to the training ranges. Centroid / tracked extractor.\n\n")
                .append("| look | reverted | curve 1 IoU | curve 2 IoU | curve 1 R2 median | curve 2 R2 median (c / t) | "
                        + "curve 2 R2 p10 (c / t) | curve 2 MAE px (c / t) | swap rate (c / t) |\n|---|---|---|---|---|---|---|---|---|\n");
        try (NDManager manager = NDManager.newBaseManager()) {
            Candidate candidate = new RunModels(cfg, run, manager).get(modelName);
            try (ModelRunner runner = DigitizeCommand.serve(candidate, cfg, run, manager, modelName)) {
                for (HeldoutAblation.Variant v : HeldoutAblation.variants()) {
                    LogSynthesizer synth = new LogSynthesizer(cfg.synth(), v.ranges());
                    SplitScorer centroid = new SplitScorer(Extractor.CENTROID, tracker.perSample());
                    SplitScorer tracked = new SplitScorer(Extractor.TRACKED, tracker.perSample());
                    for (int i = 0; i < images; i++) {
                        SyntheticLog log = synth.generate(SampleSeeds.of(cfg.data().seed(), "ablation", i));
                        Sample s = new Sample(new SampleRef(runDir, "ablation", String.format(Locale.ROOT, "%06d", i)),
                                log.image(), log.mask(), log.truth());
                        ClassProbabilities p = runner.probabilities(s.image());
                        centroid.add(s, p);
                        tracked.add(s, p);
                    }
                    CurveSummary c1 = centroid.curves().summary(1);
                    CurveSummary c2 = centroid.curves().summary(2);
                    CurveSummary t2 = tracked.curves().summary(2);
                    String row = String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f / %.3f | %.3f / %.3f | %.2f / %.2f | "
                                    + "%.3f / %.3f |%n", v.name(), v.reverted(), centroid.overlap().iou(1), centroid.overlap().iou(2),
                            c1.r2().median(), c2.r2().median(), t2.r2().median(), c2.r2().p10(), t2.r2().p10(),
                            c2.maePixels().mean(), t2.maePixels().mean(), centroid.swaps().overallRate(), tracked.swaps().overallRate());
                    LOG.info("{}: {}", v.name(), row.strip());
                    md.append(row);
                }
            }
        }
        Path out = runDir.resolve("held-out-ablation.md");
        AtomicFiles.write(out, true, md.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(md);
        System.out.println(out);
        return 0;
    }
}
