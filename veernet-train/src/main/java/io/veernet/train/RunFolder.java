package io.veernet.train;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run's folder ({@code runs/NAME/}): resolved config, log, metrics, checkpoints, snapshots,
 * weights and reports. While a process trains or evaluates in it, it holds an OS file lock on
 * {@code .lock}; the OS drops the lock when the process dies, so a crash never leaves it locked.
 */
public final class RunFolder implements AutoCloseable {

    private final Path dir;
    private FileChannel lockChannel;
    private FileLock lock;
    private FileAppender<ILoggingEvent> logAppender;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) and locks a run folder; a second process gets a clear refusal. */
    public static RunFolder openLocked(Path dir) throws IOException {
        Files.createDirectories(dir);
        RunFolder run = new RunFolder(dir);
        run.lockChannel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            run.lock = run.lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            run.lock = null;
        }
        if (run.lock == null) {
            run.lockChannel.close();
            throw new RunLockedException(dir);
        }
        return run;
    }

    /** Opens a run folder to read (evaluate, digitize) without locking it. */
    public static RunFolder open(Path dir) {
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return dir.resolve("config.yaml");
    }

    /** The config the run was trained with; a folder without one is not a run folder. */
    public io.veernet.config.VeernetConfig loadConfig() {
        if (!Files.isRegularFile(config())) {
            throw new io.veernet.config.ConfigException(dir + ": not a run folder (no config.yaml); train first with "
                    + "scripts/veernet train --run " + dir);
        }
        return io.veernet.config.ConfigLoader.load(config());
    }

    public Path metrics() {
        return dir.resolve("metrics.csv");
    }

    public Path log() {
        return dir.resolve("train.log");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path snapshots() {
        return dir.resolve("snapshots");
    }

    public Path weights() {
        return dir.resolve("weights");
    }

    /** Sends every log event (DEBUG and up from this project, INFO from libraries) to {@code name} here too. */
    public void attachLog(String name) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        logAppender = new FileAppender<>();
        logAppender.setContext(ctx);
        logAppender.setName("run-" + name);
        logAppender.setFile(dir.resolve(name).toString());
        logAppender.setAppend(true);
        logAppender.setEncoder(encoder);
        logAppender.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logAppender);
        ctx.getLogger("io.veernet").setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @Override
    public void close() throws IOException {
        if (logAppender != null) {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logAppender);
            logAppender.stop();
            logAppender = null;
        }
        if (lock != null) {
            lock.release();
            lockChannel.close();
            lock = null;
        }
    }

    /** Another process holds the run folder. */
    public static final class RunLockedException extends RuntimeException {
        public RunLockedException(Path dir) {
            super(dir + ": another veernet process is using this run folder (it holds " + dir.resolve(".lock")
                    + "); wait for it to finish or stop it");
        }
    }
}
