package io.veernet.cli;

import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.eval.Evaluator;
import io.veernet.eval.ReportWriter;
import io.veernet.train.RunFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code veernet evaluate}: every model a run can produce, scored side by side with its serving cost. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score raw, best, EMA, SWA, LAWA, soup and ensemble models of a run on one split,",
                "with what each costs to serve; writes report.md, report.json and PNG pictures."})
public final class EvaluateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluateCommand.class);

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run folder (holds config.yaml and checkpoints).")
    Path runDir;

    @Option(names = "--split", paramLabel = "NAME", description = "Split to score (default: the config's eval.split, test).")
    String split;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder to score (default: the one the run was trained on); any folder in the documented format, e.g. one with only a test split.")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default: the run folder).")
    Path out;

    @picocli.CommandLine.Mixin
    ServingOptions serving = new ServingOptions();

    @Option(names = "--models", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Score only these models, named as the report names them (e.g. swa,ema-1ep,ensemble; "
                    + "post-hoc-ema for the swept one); default: every model the run gives.")
    List<String> models = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RunFolder run = RunFolder.open(runDir);
        VeernetConfig cfg = serving.apply(run.loadConfig());
        Engines.configureThreads(cfg.train().threads());
        Path dataDir = data != null ? data : run.ownData(cfg);
        Dataset dataset = Dataset.open(dataDir);
        String splitName = split != null ? split : cfg.eval().split();
        dataset.split(splitName);
        StringBuilder command = new StringBuilder("veernet evaluate --run ").append(runDir);
        if (split != null) {
            command.append(" --split ").append(split);
        }
        if (data != null) {
            command.append(" --data ").append(data);
        }
        if (out != null) {
            command.append(" --out ").append(out);
        }
        command.append(serving.asArguments());
        if (!models.isEmpty()) {
            command.append(" --models ").append(String.join(",", models));
        }
        Evaluator.Outcome outcome = new Evaluator(cfg, run, dataset, splitName).only(models).evaluate(command.toString());
        Path report = ReportWriter.write(outcome, out != null ? out : runDir);
        LOG.info("Report: {}", report);
        System.out.println(report);
        return 0;
    }
}
