package io.veernet.model.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that is torn, truncated or fails its checksums or structure checks. */
public final class CorruptCheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /** A corrupt {@code file}, with the reason in words. */
    public CorruptCheckpointException(Path file, String reason, Throwable cause) {
        super(file.getFileName() + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** What is wrong with the file, in words. */
    public String reason() {
        return reason;
    }

    /** The file found corrupt. */
    public Path file() {
        return file;
    }
}
