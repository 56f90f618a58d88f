package dev.kodo.collector.source;

import dev.kodo.collector.config.ConnectionString;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * One database connection, opened on first use and opened again after a failure. Processes that name the same
 * connection string share one. Not thread-safe: the collector reads from one thread.
 */
public final class Database implements AutoCloseable {

    private final ConnectionString connectionString;
    private final SqlDialect dialect;
    private final Duration queryTimeout;
    /** Volatile: {@link #abort()} reads it from another thread. */
    private volatile Connection connection;

    /**
     * @param queryTimeout how long to wait for any answer of the database before the query fails (kodo.yaml's
     *                     {@code query_timeout}; a {@code socketTimeout} in the connection string wins)
     */
    public Database(ConnectionString connectionString, Duration queryTimeout) {
        this.connectionString = connectionString;
        this.dialect = SqlDialect.of(connectionString.kind());
        this.queryTimeout = queryTimeout;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public ConnectionString connectionString() {
        return connectionString;
    }

    /** The open connection, opening it if needed. */
    Connection connection() throws SQLException {
        if (connection == null) {
            Properties props = dialect.defaultProperties(queryTimeout);
            String url = connectionString.jdbcUrl();
            // Settings written in the URL win over our defaults.
            Properties effective = new Properties();
            for (String k : props.stringPropertyNames()) {
                if (!url.contains(k + "=")) {
                    effective.setProperty(k, props.getProperty(k));
                }
            }
            effective.putAll(connectionString.properties());
            Connection c = DriverManager.getConnection(url, effective);
            try {
                dialect.prepare(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    /**
     * Cuts the connection from another thread (on stop), so that a query still waiting for the database (a lock, a
     * lost connection) fails at once instead of holding up the exit.
     */
    public void abort() {
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                // already closed, or the driver cannot abort: query_timeout still bounds the wait
            }
        }
    }

    /** Closes the connection after a failure, so that the next use opens a fresh one. */
    void reset() {
        close();
    }

    /** Describes a failure of this database without its password, and says whether waiting may help. */
    SourceException describe(String process, String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        boolean unreachable = state.startsWith("08") || state.startsWith("28") || state.equals("57P03")
                || connection == null;
        String message = "process " + process + ": " + doing + " failed on " + connectionString.redacted() + ": "
                + connectionString.scrub(e.getMessage())
                + (timedOut(e) ? " (no answer within query_timeout " + queryTimeout.toSeconds() + " s: the "
                + "connection was lost, a lock held the table, or the query is slow; index the cursor column, or "
                + "raise query_timeout in kodo.yaml)"
                : unreachable ? " (check that the database is running, reachable from here, and that the "
                + "connection string and its credentials are right)" : "");
        return new SourceException(unreachable ? SourceException.Kind.UNREACHABLE : SourceException.Kind.QUERY,
                message);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing to do
            }
            connection = null;
        }
    }
}
