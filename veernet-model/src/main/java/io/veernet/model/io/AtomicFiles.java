package io.veernet.model.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers see the old content or the new, never a torn file: the bytes go to
 * a temporary file in the same folder, are forced to disk, and the file is renamed over the target
 * with an atomic move. On failure the temporary file is removed and the target left as it was.
 */
public final class AtomicFiles {

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code out} (buffered; do not close it). */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int BUFFER = 1 << 16;

    private AtomicFiles() {}

    /** Replaces {@code target} with what {@code content} writes, atomically. */
    public static void write(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // Same folder as the target: a rename within one file system is what makes the move atomic.
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        syncFolder(folder);
    }

    /** Makes the rename itself durable; best effort, as not every file system lets a folder be opened. */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file is complete either way; only its survival of a power cut is at stake.
        }
    }
}
