package io.veernet.data.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An OS lock on a file, so that one process at a time owns a folder (a run, a dataset being
 * generated, a digitize output). The OS releases it when the process dies, so a crash never leaves
 * it held. Threads of one JVM are kept apart too (a FileLock alone is per process).
 */
public final class ProcessLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private FileLock lock;

    private ProcessLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock on {@code file} (created with its folder if missing), or empty when another holder has it. */
    public static Optional<ProcessLock> tryAcquire(Path file) throws IOException {
        ReentrantLock local = localLock(file);
        if (!local.tryLock()) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = open(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                local.unlock();
                return Optional.empty();
            }
            return Optional.of(new ProcessLock(local, channel, lock));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    /** The lock on {@code file}, waiting for another holder to let go; {@code onWait} runs once if it must wait. */
    public static ProcessLock acquire(Path file, Runnable onWait) throws IOException {
        ReentrantLock local = localLock(file);
        if (!local.tryLock()) {
            onWait.run();
            local.lock();
        }
        FileChannel channel = null;
        try {
            channel = open(file);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                onWait.run();
                lock = channel.lock();
            }
            return new ProcessLock(local, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    private static ReentrantLock localLock(Path file) {
        return IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ReentrantLock());
    }

    private static FileChannel open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Override
    public void close() throws IOException {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } finally {
            lock = null;
            local.unlock();
        }
    }
}
