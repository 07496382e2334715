package io.veernet.train;

/** Training stopped for a reason the user must see (divergence, a stop signal); the message says what and where. */
public class TrainingException extends RuntimeException {

    /** Why the run stopped. */
    public enum Kind { DIVERGED, STOPPED }

    private final Kind kind;

    public TrainingException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
