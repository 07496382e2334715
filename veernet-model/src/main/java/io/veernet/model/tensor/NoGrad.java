package io.veernet.model.tensor;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns autograd recording off on the calling thread for a try-with-resources block.
 *
 * <p>Grad mode is per thread in libtorch and DJL only switches it off on the thread that started
 * the engine. In-place updates of parameters that require a gradient fail ("a leaf Variable that
 * requires grad is being used in an in-place operation") or, worse, silently build graphs that
 * keep every temporary alive, so every weight-space operation here runs inside one of these.
 */
public final class NoGrad implements AutoCloseable {

    private final boolean wasEnabled;

    private NoGrad() {
        wasEnabled = JniUtils.isGradMode();
        if (wasEnabled) {
            JniUtils.setGradMode(false);
        }
    }

    /** Switches grad mode off until {@link #close()} restores the previous mode. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        if (wasEnabled) {
            JniUtils.setGradMode(true);
        }
    }
}
