package ecstest.deploy;

/** A failure with a message for the user: what went wrong, where, and what to do next. No stack trace. */
public class DeployException extends RuntimeException {

    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
