package io.veernet.eval;

/** An evaluation that cannot run as asked (no checkpoint, no such split); the message names what is missing. */
public class EvaluationException extends RuntimeException {

    public EvaluationException(String message) {
        super(message);
    }
}
