package dev.kodo.collector.config;

import java.util.Locale;

/** The kind of database a process reads, as written in {@code source:}. */
public enum SourceKind {
    /** PostgreSQL. */
    POSTGRES("postgres", 5432),
    /** MySQL or MariaDB (one dialect, read with MariaDB Connector/J). */
    MYSQL("mysql", 3306);

    private final String word;
    private final int defaultPort;

    SourceKind(String word, int defaultPort) {
        this.word = word;
        this.defaultPort = defaultPort;
    }

    /** The word used in kodo.yaml. */
    public String word() {
        return word;
    }

    int defaultPort() {
        return defaultPort;
    }

    /** @return the kind for {@code postgres}/{@code postgresql}, {@code mysql}/{@code mariadb}, else {@code null} */
    static SourceKind fromWord(String word) {
        switch (word.toLowerCase(Locale.ROOT)) {
            case "postgres":
            case "postgresql":
                return POSTGRES;
            case "mysql":
            case "mariadb":
                return MYSQL;
            default:
                return null;
        }
    }
}
