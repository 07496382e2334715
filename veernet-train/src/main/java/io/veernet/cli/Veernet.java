package io.veernet.cli;

import io.veernet.config.ConfigException;
import io.veernet.data.dataset.DatasetException;
import io.veernet.data.raster.RasterFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code veernet} command line: generate, train, evaluate, digitize, bench and friends. */
@Command(name = "veernet", mixinStandardHelpOptions = true, version = "veernet 0.1.0",
        description = "Train and ship VeerNet, a raster well-log digitiser.",
        subcommands = {QuickstartCommand.class, GenerateCommand.class, TrainCommand.class, EvaluateCommand.class, DigitizeCommand.class, TuneTrackerCommand.class, AblateCommand.class, ModelCommand.class, BenchCommand.class, EnvCommand.class,
                CommandLine.HelpCommand.class})
public final class Veernet implements java.util.concurrent.Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(Veernet.class);

    /** Exit code for bad input: a config, file or value the user can fix. */
    public static final int BAD_INPUT = 2;
    /** Exit code for a failure during the work itself. */
    public static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = execute(args);
        // After a stop signal the JVM is already shutting down; System.exit would then block forever.
        if (!io.veernet.train.StopSignal.jvmShuttingDown()) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Veernet());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (isBadInput(e)) {
                commandLine.getErr().println("veernet: error: " + e.getMessage());
                LOG.debug("bad input", e);
                return BAD_INPUT;
            }
            commandLine.getErr().println("veernet: failed: " + describe(e));
            // The trace belongs in a log file (train.log has it already), not on the terminal.
            LOG.debug(Logs.FILE_ONLY, "failed", e);
            if (System.getenv("VEERNET_TRACE") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return FAILED;
        });
        return cli.execute(args);
    }

    private static boolean isBadInput(Throwable e) {
        return e instanceof ConfigException || e instanceof DatasetException || e instanceof RasterFormatException
                || e instanceof UserInputException || e instanceof CommandLine.ParameterException
                || e instanceof io.veernet.train.RunFolder.RunLockedException
                || e instanceof io.veernet.eval.EvaluationException
                || (e instanceof io.veernet.train.TrainingException t
                    && t.kind() == io.veernet.train.TrainingException.Kind.NO_VALID_CHECKPOINT);
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    }

    /** No command given: usage on stderr and the bad-input code, so a script notices. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("veernet: error: no command given");
        spec.commandLine().usage(spec.commandLine().getErr());
        return BAD_INPUT;
    }
}
