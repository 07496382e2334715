package io.veernet.cli;

import io.veernet.model.bench.StateBenchmark;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code veernet bench state}: EMA update, optimizer steps and checkpoint I/O on a ~2 M parameter, 100-tensor model. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "EMA update (1 and 2 decays), AdamW/NAdamW/SGD step, checkpoint write and read, on 100 tensors / 1.85 M parameters.")
final class BenchState implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        System.out.println(StateBenchmark.run(StateBenchmark.Settings.defaults()).render());
        return 0;
    }
}
