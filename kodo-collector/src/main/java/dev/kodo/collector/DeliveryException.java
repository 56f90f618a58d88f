package dev.kodo.collector;

/** Runs could not be delivered to the server; the position was not moved past them. */
public final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** The server refused the API key (401/403). */
        UNAUTHORIZED,
        /** The server refused the batch as malformed (4xx). */
        REFUSED,
        /** The server stayed unreachable or busy for longer than the collector waits in {@code --once} mode. */
        UNAVAILABLE,
        /** The collector was asked to stop while it was waiting to retry. */
        STOPPED
    }

    private final Kind kind;

    public DeliveryException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
