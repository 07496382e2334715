package io.veernet.train;

/** Training stopped for a reason the user must see (divergence, a stop signal, no usable checkpoint); the message says what and where. */
public class TrainingException extends RuntimeException {

    /** Why the run stopped. */
    public enum Kind {
        /** A NaN or infinite loss or gradient norm. */
        DIVERGED,
        /** A stop signal (Ctrl-C, SIGTERM). */
        STOPPED,
        /** The run folder holds checkpoints but none of them is usable: the user decides what to do. */
        NO_VALID_CHECKPOINT
    }

    private final Kind kind;

    public TrainingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
