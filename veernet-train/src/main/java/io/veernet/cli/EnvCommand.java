package io.veernet.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code veernet env}: what this machine offers the trainer (engine, version, devices, threads). */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Print the Java runtime, DJL engine and version, devices and thread settings.")
public final class EnvCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Engine engine = Engine.getInstance();
        System.out.println("java:          " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        System.out.println("os:            " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.println("cpu cores:     " + Runtime.getRuntime().availableProcessors());
        System.out.println("max heap:      " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        System.out.println("engine:        " + engine.getEngineName() + " " + engine.getVersion());
        System.out.println("djl:           " + Engine.getDjlVersion());
        System.out.println("gpus:          " + engine.getGpuCount());
        StringBuilder devices = new StringBuilder();
        for (Device d : engine.getDevices()) {
            devices.append(devices.length() > 0 ? ", " : "").append(d);
        }
        System.out.println("devices:       " + devices);
        System.out.println("default:       " + engine.defaultDevice());
        System.out.println("intra threads: " + System.getProperty("ai.djl.pytorch.num_threads", "(engine default)"));
        System.out.println("inter threads: " + System.getProperty("ai.djl.pytorch.num_interop_threads", "(engine default)"));
        System.out.println("offline:       " + System.getProperty("ai.djl.offline", System.getenv().getOrDefault("DJL_OFFLINE", "false")));
        System.out.println("djl cache:     " + System.getenv().getOrDefault("DJL_CACHE_DIR", System.getProperty("user.home") + "/.djl.ai"));
        return 0;
    }
}
