package dev.kodo.collector.source;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * MySQL and MariaDB: backtick-quoted identifiers, the keyset written out as {@code c > ? OR (c = ? AND id > ?)}
 * (which both use as a range on an index of the cursor column), and sessions in UTC so that {@code TIMESTAMP}
 * columns come back as UTC.
 */
final class MySqlDialect implements SqlDialect {

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String keysetAfter(String orderColumn, String idColumn) {
        return "(" + orderColumn + " > ? OR (" + orderColumn + " = ? AND " + idColumn + " > ?))";
    }

    @Override
    public List<KeysetParameter> keysetParameters() {
        return List.of(KeysetParameter.VALUE, KeysetParameter.VALUE, KeysetParameter.ID);
    }

    @Override
    public String idIn(String idColumn, int count) {
        return idColumn + " IN (" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    @Override
    public boolean idsAsArray() {
        return false;
    }

    @Override
    public Instant clock(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT UTC_TIMESTAMP(6)")) {
            rs.next();
            return rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    }

    @Override
    public void prepare(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
    }

    @Override
    public Properties defaultProperties(Duration queryTimeout) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", "10000");
        p.setProperty("socketTimeout", Long.toString(Math.max(1, queryTimeout.toMillis())));
        return p;
    }

    @Override
    public TimestampKind timestampKind(String typeName, int jdbcType) {
        String t = typeName.toUpperCase(Locale.ROOT);
        if (t.startsWith("TIMESTAMP")) {
            return TimestampKind.LOCAL_UTC;
        }
        if (t.startsWith("DATETIME") || jdbcType == Types.TIMESTAMP) {
            return TimestampKind.LOCAL;
        }
        return null;
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        return "42S02".equals(e.getSQLState()) || e.getErrorCode() == 1146 || e.getErrorCode() == 1049;
    }
}
