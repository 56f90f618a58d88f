package dev.kodo.core.run;

/**
 * Bounds on what one run may carry. The SDK enforces them while recording (extra steps and attributes are
 * counted and dropped, long values cut); the server rejects runs that exceed them.
 */
public final class RunLimits {

    /** Longest run id. */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest workflow or step name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Most steps kept per run. */
    public static final int MAX_STEPS = 1000;
    /** Most attributes kept per run. */
    public static final int MAX_ATTRIBUTES = 64;
    /** Longest attribute key. */
    public static final int MAX_ATTRIBUTE_KEY_LENGTH = 128;
    /** Longest attribute value. */
    public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

    private RunLimits() {
    }
}
