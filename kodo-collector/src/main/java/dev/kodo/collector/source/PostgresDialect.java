package dev.kodo.collector.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** PostgreSQL: double-quoted identifiers and row-value comparison, which an index on (cursor, id) serves. */
final class PostgresDialect implements SqlDialect {

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String keysetAfter(String orderColumn, String idColumn) {
        return "(" + orderColumn + ", " + idColumn + ") > (?, ?)";
    }

    @Override
    public List<KeysetParameter> keysetParameters() {
        return List.of(KeysetParameter.VALUE, KeysetParameter.ID);
    }

    @Override
    public String idIn(String idColumn, int count) {
        return idColumn + " = ANY (?)";
    }

    @Override
    public boolean idsAsArray() {
        return true;
    }

    @Override
    public Instant clock(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    @Override
    public void prepare(Connection connection) {
        // Nothing to set: timestamptz is read as an instant, timestamp as a local time in the process's zone.
    }

    @Override
    public Properties defaultProperties(Duration queryTimeout) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "10");
        // pgJDBC's socketTimeout is in whole seconds (0 would mean none).
        p.setProperty("socketTimeout", Long.toString(Math.max(1, (queryTimeout.toMillis() + 999) / 1000)));
        p.setProperty("ApplicationName", "kodo-collector");
        return p;
    }

    @Override
    public TimestampKind timestampKind(String typeName, int jdbcType) {
        String t = typeName.toLowerCase(Locale.ROOT);
        if (t.equals("timestamptz") || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE) {
            return TimestampKind.ZONED;
        }
        if (t.equals("timestamp") || jdbcType == Types.TIMESTAMP) {
            return TimestampKind.LOCAL;
        }
        return null;
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }
}
