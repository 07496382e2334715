package io.veernet.cli;

/** A problem with what the user asked for (options, files); reported as one line, exit code 2. */
public class UserInputException extends RuntimeException {

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
