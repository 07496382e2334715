package io.veernet.model.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The file-system operations a {@link CheckpointStore} writes through: a seam so a test can make
 * a disk write fail half-way. {@link #local()} is the real one.
 */
public interface StoreIo {

    /**
     * Creates a new file for writing (fails if it exists). Closing the stream must make its bytes
     * durable (fsync) before returning.
     */
    OutputStream create(Path file) throws IOException;

    /** Renames {@code source} to {@code target} atomically in one folder, replacing the target. */
    void moveAtomically(Path source, Path target) throws IOException;

    /** Deletes the file if it exists. */
    void deleteIfExists(Path file) throws IOException;

    /** Makes the folder's entries (a rename) durable. */
    void syncFolder(Path folder) throws IOException;

    /** The real file system: FileChannel writes with {@code force(true)}, ATOMIC_MOVE, folder fsync. */
    static StoreIo local() {
        return Local.INSTANCE;
    }

    /** The real implementation. */
    final class Local implements StoreIo {

        static final Local INSTANCE = new Local();

        private Local() {}

        @Override
        public OutputStream create(Path file) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        channel.write(buf);
                    }
                }

                @Override
                public void close() throws IOException {
                    if (channel.isOpen()) {
                        try (channel) {
                            channel.force(true);
                        }
                    }
                }
            };
        }

        @Override
        public void moveAtomically(Path source, Path target) throws IOException {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        public void deleteIfExists(Path file) throws IOException {
            Files.deleteIfExists(file);
        }

        @Override
        public void syncFolder(Path folder) throws IOException {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }
}
