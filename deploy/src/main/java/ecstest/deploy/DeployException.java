package ecstest.deploy;

/** A failure with a message for the user: what went wrong, where, and what to do next. No stack trace. */
class DeployException extends RuntimeException {

    DeployException(String message) {
        super(message);
    }

    DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
