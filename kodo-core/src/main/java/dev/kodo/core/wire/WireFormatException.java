package dev.kodo.core.wire;

/**
 * A body that is not a valid batch as a whole: not JSON, or not the expected shape at the top level. Nothing of
 * such a body is stored. The message says what was wrong and where ({@code line/column} or a field path such as
 * {@code resource.instance}).
 */
public final class WireFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}
