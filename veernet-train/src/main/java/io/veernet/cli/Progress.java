package io.veernet.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Progress of long work: a live bar (me.tongfei progressbar) on a terminal, and a log line every
 * tenth of the way when output goes to a file or pipe, where a bar would only make noise.
 */
public final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private long current;
    private long nextLogAt;
    private long lastLogNanos = System.nanoTime();
    private String extra = "";

    private Progress(String task, long total, boolean interactive) {
        this.task = task;
        this.total = total;
        this.bar = interactive ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                .showSpeed().build() : null;
        this.nextLogAt = Math.max(1, total / 10);
    }

    /** A progress display for {@code total} units of work. */
    public static Progress start(String task, long total) {
        return new Progress(task, total, System.console() != null && !Boolean.getBoolean("veernet.quiet"));
    }

    /** Sets the number of units done so far (thread-safe). */
    public synchronized void set(long done) {
        current = done;
        if (bar != null) {
            bar.stepTo(done);
        } else if ((done >= nextLogAt && System.nanoTime() - lastLogNanos > 5e9) || done == total) {
            // A line per tenth of the work, at most one per five seconds: readable in a CI log.
            nextLogAt = done + Math.max(1, total / 10);
            lastLogNanos = System.nanoTime();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : 0;
            LOG.info("{}: {}/{} ({}%), {}/s, ETA {}{}", task, done, total, total == 0 ? 100 : done * 100 / total,
                    String.format(java.util.Locale.ROOT, "%.2f", rate), format(Duration.ofSeconds(etaSeconds)), extra);
        }
    }

    public synchronized void step() {
        set(current + 1);
    }

    /** A short status shown beside the bar (e.g. loss and learning rate). */
    public synchronized void extra(String message) {
        extra = message.isEmpty() ? "" : ", " + message;
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
