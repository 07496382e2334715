package io.veernet.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for the training loop: the JVM's shutdown hook asks the loop to stop, then
 * waits (up to two minutes) while the loop finishes its step and writes a checkpoint.
 */
public final class StopSignal {

    private static final StopSignal INSTANCE = new StopSignal();

    private volatile boolean requested;
    private volatile boolean shuttingDown;
    private volatile boolean guarding;
    private final CountDownLatch finished = new CountDownLatch(1);
    private boolean installed;

    private StopSignal() {
    }

    /** The process-wide signal; installs the shutdown hook on first use. */
    public static synchronized StopSignal install() {
        if (!INSTANCE.installed) {
            INSTANCE.installed = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                INSTANCE.shuttingDown = true;
                INSTANCE.requested = true;
                if (!INSTANCE.guarding) {
                    return;
                }
                try {
                    INSTANCE.finished.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "veernet-stop"));
        }
        return INSTANCE;
    }

    /** A signal nobody sends (tests, and work that must not install a hook). */
    public static StopSignal never() {
        return new StopSignal();
    }

    /** Whether the process was asked to stop. */
    public boolean requested() {
        return requested;
    }

    /** Asks the loop to stop at the next step (tests; the hook does this for signals). */
    public void request() {
        requested = true;
    }

    /** From now until {@link #finished()}, a signal waits for the loop to write its checkpoint. */
    public StopSignal guard() {
        guarding = true;
        return this;
    }

    /** Whether the JVM is already shutting down (then nobody may call System.exit). */
    public static boolean jvmShuttingDown() {
        return INSTANCE.shuttingDown;
    }

    /** The loop has written what it had to; lets the shutdown hook, and so the JVM, finish. */
    public void finished() {
        finished.countDown();
    }
}
