package io.veernet.data.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes
 * go to a temporary file in the same folder, which is then renamed over the target. On failure the
 * temporary file is removed and the target is untouched. A durable write also forces the bytes to
 * disk before the rename and the folder after it, so the new file survives a power cut.
 */
public final class AtomicFiles {

    /** Temporary files carry this marker in their name so a cleanup can recognise leftovers. */
    public static final String TEMP_MARKER = ".tmp-";

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically; {@code durable} also forces the bytes to disk before the
     * rename and the folder's entry after it. The folder must exist: a wrong path fails rather
     * than growing new folders.
     */
    public static void write(Path target, boolean durable, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + TEMP_MARKER
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(out);
                out.flush();
                if (durable) {
                    channel.force(true);
                }
            }
            move(temp, target);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new IOException("could not write " + target + ": " + io.getMessage(), io);
            }
            throw e;
        }
        if (durable) {
            syncFolder(dir);
        }
    }

    /** Makes the rename itself durable; best effort, as not every file system lets a folder be opened. */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file is complete either way; only its survival of a power cut is at stake.
        }
    }

    /** Writes text atomically through a buffered writer in the given charset (unmappable characters fail). */
    public static void writeText(Path target, boolean durable, java.nio.charset.Charset charset, TextWriter body)
            throws IOException {
        write(target, durable, out -> {
            java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, charset.newEncoder()), 1 << 16);
            body.write(w);
            w.flush();
        });
    }

    /** Writes the content of a text file. */
    @FunctionalInterface
    public interface TextWriter {
        void write(java.io.Writer out) throws IOException;
    }

    /** Writes bytes to {@code target} atomically. */
    public static void write(Path target, boolean durable, byte[] content) throws IOException {
        write(target, durable, out -> out.write(content));
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Whether a file name is one of our temporary files. */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.contains(TEMP_MARKER);
    }
}
