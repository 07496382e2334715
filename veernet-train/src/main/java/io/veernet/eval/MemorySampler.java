package io.veernet.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the process's resident memory (Linux /proc) on a background thread every few
 * milliseconds while a model runs, and keeps the peak: native memory is invisible to the JVM.
 */
public final class MemorySampler implements AutoCloseable {

    private final Thread thread;
    private final long baselineKb;
    private volatile boolean running = true;
    private volatile long peakKb;

    public MemorySampler() {
        baselineKb = residentKb();
        peakKb = baselineKb;
        thread = new Thread(() -> {
            while (running) {
                peakKb = Math.max(peakKb, residentKb());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public double peakMb() {
        return Math.max(peakKb, residentKb()) / 1024.0;
    }

    public double increaseMb() {
        return (Math.max(peakKb, residentKb()) - baselineKb) / 1024.0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    /** Current resident memory (VmRSS) in kB, or 0 where /proc is not available. */
    public static long residentKb() {
        return statusKb("VmRSS");
    }

    /** A field of /proc/self/status in kB (VmRSS, VmHWM), or 0 where it is not available. */
    public static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
