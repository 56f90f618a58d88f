package dev.kodo.collector.source;

/**
 * The database of a process could not be read. The message names the process, the database without its
 * password, what went wrong and what to check.
 */
public final class SourceException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of trouble, which decides whether waiting can help. */
    public enum Kind {
        /** The database cannot be reached (down, wrong host, refused login): waiting may help. */
        UNREACHABLE,
        /** The table or a column is missing or has the wrong type: kodo.yaml or the schema must change. */
        SCHEMA,
        /** A query failed for another reason. */
        QUERY
    }

    private final Kind kind;

    public SourceException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
