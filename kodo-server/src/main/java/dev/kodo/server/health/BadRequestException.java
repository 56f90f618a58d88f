package dev.kodo.server.health;

/** A request parameter that is wrong; answered with 400 and the parameter's name in {@code field}. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String field;

    public BadRequestException(String message, String field) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
