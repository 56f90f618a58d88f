package dev.kodo.collector.state;

/** The state file cannot be used as it is; the message says why and what to do. */
public final class StateException extends Exception {

    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message, null, false, false);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
