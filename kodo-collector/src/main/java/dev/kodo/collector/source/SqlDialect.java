package dev.kodo.collector.source;

import dev.kodo.collector.config.SourceKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * What differs between the databases the collector reads: how identifiers are quoted, how a keyset position is
 * compared, how the database clock is read, and how column types and errors are recognised. Everything else is
 * plain JDBC, shared by all of them in {@link TableSource}.
 */
public interface SqlDialect {

    /** The dialect for a kind of source. */
    static SqlDialect of(SourceKind kind) {
        return kind == SourceKind.POSTGRES ? new PostgresDialect() : new MySqlDialect();
    }

    /** Quotes one identifier, doubling any quote character inside it, so that no name is ever spliced raw. */
    String quote(String identifier);

    /** Quotes a possibly qualified table name: {@code billing.jobs} becomes two quoted parts. */
    default String quoteTable(String table) {
        int dot = table.indexOf('.');
        return dot < 0 ? quote(table) : quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
    }

    /** Which value each {@code ?} of {@link #keysetAfter(String, String)} takes, in order. */
    enum KeysetParameter { VALUE, ID }

    /** A predicate true for rows after the position (value, id) in the order (orderColumn, idColumn). */
    String keysetAfter(String orderColumn, String idColumn);

    /** The parameters of {@link #keysetAfter(String, String)}, in order. */
    List<KeysetParameter> keysetParameters();

    /**
     * A predicate true for rows whose id is one of {@code count} values, bound one parameter each, or (when
     * {@link #idsAsArray()}) as one array parameter.
     */
    String idIn(String idColumn, int count);

    /** {@code true} when {@link #idIn} takes the ids as one SQL array (cheaper to plan than a long IN list). */
    boolean idsAsArray();

    /** The database's current time. */
    Instant clock(Connection connection) throws SQLException;

    /** Settings applied to each new connection (time zone of the session, ...). */
    void prepare(Connection connection) throws SQLException;

    /**
     * Driver properties the collector adds unless the connection string sets them (timeouts, application name).
     *
     * @param queryTimeout how long to wait for any answer of the database (the driver's socket timeout): a
     *                     half-open connection or a lock wait then fails the pass instead of hanging it
     */
    Properties defaultProperties(Duration queryTimeout);

    /**
     * How a timestamp column's values map to instants, or {@code null} when the column is not a timestamp.
     *
     * @param typeName the database's name of the column type, e.g. {@code timestamptz}, {@code DATETIME}
     */
    TimestampKind timestampKind(String typeName, int jdbcType);

    /** {@code true} when {@code e} says the table does not exist. */
    boolean isMissingTable(SQLException e);

    /** How a timestamp column relates to time zones. */
    enum TimestampKind {
        /** Holds an instant ({@code timestamptz}). */
        ZONED,
        /** Holds a local date-time that the session returns in UTC (MySQL {@code TIMESTAMP} with time_zone +00:00). */
        LOCAL_UTC,
        /** Holds a local date-time in the process's {@code timezone} ({@code timestamp}, {@code DATETIME}). */
        LOCAL
    }
}
