package dev.kodo.collector.source;

import dev.kodo.collector.config.ProcessConfig;
import dev.kodo.collector.source.SqlDialect.KeysetParameter;
import dev.kodo.collector.source.SqlDialect.TimestampKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one process's table: checks that the table and its columns exist, then reads rows in keyset order
 * ({@code (cursor, id)}), up to a bound, and re-reads given rows by id. Every table and column name is quoted
 * by the {@link SqlDialect}; values travel as parameters.
 */
public final class TableSource {

    /** The keyset scans a process may need. */
    public enum Scan {
        /** All rows, in order of (cursor, id). */
        CURSOR,
        /**
         * Rows whose cursor column is still NULL (typically rows in flight when the cursor is completed_at), in order
         * of (started_at, id). Only used when the cursor column is nullable and is not started_at.
         */
        UNSET
    }

    /** Rows read by one query, and the position after the last of them ({@code null} when there were none). */
    public record Page(List<SourceRow> rows, Position last) {
    }

    private enum IdKind { LONG, DECIMAL, UUID, TEXT }

    private final ProcessConfig process;
    private final Database database;
    private final SqlDialect dialect;

    private boolean inspected;
    private boolean unsetScan;
    private IdKind idKind;
    private final Map<String, TimestampKind> timestampKinds = new LinkedHashMap<>();
    private List<String> columns;
    private Map<String, Integer> columnIndex;
    private String select;

    public TableSource(ProcessConfig process, Database database) {
        this.process = process;
        this.database = database;
        this.dialect = database.dialect();
    }

    public ProcessConfig process() {
        return process;
    }

    /**
     * Checks that the table and every mapped column exist and that the time columns are timestamps. Done once;
     * later calls return at once.
     *
     * @throws SourceException of kind {@link SourceException.Kind#SCHEMA} naming what is missing and where it was
     *                         configured, or {@link SourceException.Kind#UNREACHABLE} when the database cannot be
     *                         reached
     */
    public void inspect() throws SourceException {
        if (inspected) {
            return;
        }
        Map<String, ColumnInfo> actual;
        try {
            actual = columnsOfTable();
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                throw missingTable();
            }
            SourceException failure = database.describe(process.name(), "reading the columns of table "
                    + process.table(), e);
            database.reset();
            throw failure;
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> keyOfColumn = process.keyOfColumn();
        for (Map.Entry<String, String> e : keyOfColumn.entrySet()) {
            String column = e.getKey();
            String key = e.getValue();
            if (!actual.containsKey(column)) {
                String similar = caseInsensitive(column, actual.keySet());
                problems.add("no column \"" + column + "\" (" + process.fieldPath(key) + " at "
                        + process.locationOf(key) + ")" + (similar != null ? "; did you mean \"" + similar
                        + "\"? (names are case-sensitive)" : ""));
            }
        }
        if (!problems.isEmpty()) {
            throw new SourceException(SourceException.Kind.SCHEMA, "process " + process.name() + ": table "
                    + process.table() + " has " + String.join(", and ", problems) + ". Its columns are: "
                    + String.join(", ", actual.keySet()) + ". Fix the column names in " + process.locationOf("-")
                    .file() + ".");
        }
        for (String key : List.of("cursor", "started_at", "completed_at")) {
            String column = columnFor(key);
            if (column == null) {
                continue;
            }
            ColumnInfo info = actual.get(column);
            TimestampKind kind = dialect.timestampKind(info.typeName, info.jdbcType);
            if (kind == null) {
                problems.add("column \"" + column + "\" (" + process.fieldPath(key) + " at "
                        + process.locationOf(key) + ") is " + info.typeName + ", not a timestamp");
            } else {
                timestampKinds.put(column, kind);
            }
        }
        if (!problems.isEmpty()) {
            throw new SourceException(SourceException.Kind.SCHEMA, "process " + process.name() + ": table "
                    + process.table() + ": " + String.join("; ", problems) + ". started_at, completed_at and cursor "
                    + "must be timestamp columns (timestamp or timestamptz; DATETIME or TIMESTAMP).");
        }
        ColumnInfo id = actual.get(process.id());
        idKind = idKind(id);
        ColumnInfo cursor = actual.get(process.cursor());
        unsetScan = !process.cursor().equals(process.startedAt()) && cursor.nullable;
        columns = process.columns();
        columnIndex = new LinkedHashMap<>();
        List<String> quoted = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            columnIndex.put(columns.get(i), i + 1);
            quoted.add(dialect.quote(columns.get(i)));
        }
        select = "SELECT " + String.join(", ", quoted) + " FROM " + dialect.quoteTable(process.table());
        inspected = true;
    }

    /** {@code true} when the cursor column may be NULL, so a second scan finds rows before it is set. */
    public boolean hasUnsetScan() {
        return unsetScan;
    }

    /** The database's clock. */
    public Instant clock() throws SourceException {
        try {
            return dialect.clock(database.connection());
        } catch (SQLException e) {
            SourceException failure = database.describe(process.name(), "reading the database clock", e);
            database.reset();
            throw failure;
        }
    }

    /**
     * Reads up to {@code limit} rows after {@code after} (from the start when {@code null}) whose order column is
     * at most {@code upTo}, in order.
     */
    public Page page(Scan scan, Position after, Instant upTo, int limit) throws SourceException {
        String order = scan == Scan.CURSOR ? process.cursor() : process.startedAt();
        String orderQuoted = dialect.quote(order);
        String idQuoted = dialect.quote(process.id());
        StringBuilder sql = new StringBuilder(select).append(" WHERE ");
        if (scan == Scan.UNSET) {
            sql.append(dialect.quote(process.cursor())).append(" IS NULL AND ");
        }
        if (after != null) {
            sql.append(dialect.keysetAfter(orderQuoted, idQuoted)).append(" AND ");
        }
        sql.append(orderQuoted).append(" <= ? ORDER BY ").append(orderQuoted).append(", ").append(idQuoted)
                .append(" LIMIT ?");
        try {
            Connection c = database.connection();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int p = 1;
                if (after != null) {
                    for (KeysetParameter kp : dialect.keysetParameters()) {
                        if (kp == KeysetParameter.VALUE) {
                            bindTime(ps, p++, order, after.at());
                        } else {
                            bindId(ps, p++, after.id());
                        }
                    }
                }
                bindTime(ps, p++, order, upTo);
                ps.setInt(p, limit);
                ps.setFetchSize(limit);
                List<SourceRow> rows = read(ps);
                Position last = null;
                if (!rows.isEmpty()) {
                    SourceRow r = rows.get(rows.size() - 1);
                    last = new Position(scan == Scan.CURSOR ? r.cursor() : r.startedAt(), r.id());
                }
                return new Page(rows, last);
            }
        } catch (SQLException e) {
            SourceException failure = database.describe(process.name(), "reading table " + process.table(), e);
            database.reset();
            throw failure;
        }
    }

    /** How many ids {@link #byIds(List)} takes at once: one array parameter holds many; an IN list fewer. */
    public int maxIdsPerQuery() {
        return dialect.idsAsArray() ? 10_000 : 1000;
    }

    /** Reads the rows with these ids (those that still exist). */
    public List<SourceRow> byIds(List<String> ids) throws SourceException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = select + " WHERE " + dialect.idIn(dialect.quote(process.id()), ids.size());
        try {
            Connection c = database.connection();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (dialect.idsAsArray()) {
                    ps.setArray(1, idArray(c, ids));
                } else {
                    for (int i = 0; i < ids.size(); i++) {
                        bindId(ps, i + 1, ids.get(i));
                    }
                }
                return read(ps);
            }
        } catch (SQLException e) {
            SourceException failure = database.describe(process.name(), "re-reading pending rows of "
                    + process.table(), e);
            database.reset();
            throw failure;
        }
    }

    /** Up to {@code limit} distinct values of the status column, for {@code kodo validate}. */
    public List<String> statusValues(int limit) throws SourceException {
        String status = dialect.quote(process.status());
        String sql = "SELECT DISTINCT " + status + " FROM " + dialect.quoteTable(process.table()) + " WHERE "
                + status + " IS NOT NULL LIMIT " + limit;
        try (Statement s = database.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            SourceException failure = database.describe(process.name(), "reading the status values of "
                    + process.table(), e);
            database.reset();
            throw failure;
        }
    }

    private List<SourceRow> read(PreparedStatement ps) throws SQLException {
        int idCol = columnIndex.get(process.id());
        int statusCol = columnIndex.get(process.status());
        int startedCol = columnIndex.get(process.startedAt());
        int cursorCol = columnIndex.get(process.cursor());
        int completedCol = process.completedAt() == null ? -1 : columnIndex.get(process.completedAt());
        int errorCol = process.error() == null ? -1 : columnIndex.get(process.error());
        int stepCol = process.step() == null ? -1 : columnIndex.get(process.step());
        List<String> attributes = process.attributes();
        List<SourceRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, String> attrs = Map.of();
                if (!attributes.isEmpty()) {
                    attrs = new LinkedHashMap<>();
                    for (String a : attributes) {
                        String v = rs.getString(columnIndex.get(a));
                        if (v != null) {
                            attrs.put(a, v);
                        }
                    }
                }
                rows.add(new SourceRow(rs.getString(idCol), rs.getString(statusCol),
                        readTime(rs, startedCol, process.startedAt()),
                        completedCol < 0 ? null : readTime(rs, completedCol, process.completedAt()),
                        readTime(rs, cursorCol, process.cursor()),
                        errorCol < 0 ? null : rs.getString(errorCol),
                        stepCol < 0 ? null : rs.getString(stepCol), attrs));
            }
        }
        return rows;
    }

    private Instant readTime(ResultSet rs, int index, String column) throws SQLException {
        switch (timestampKinds.get(column)) {
            case ZONED: {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
            case LOCAL_UTC: {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                return t == null ? null : t.toInstant(ZoneOffset.UTC);
            }
            default: {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                return t == null ? null : t.atZone(process.timezone()).toInstant();
            }
        }
    }

    private void bindTime(PreparedStatement ps, int index, String column, Instant value) throws SQLException {
        switch (timestampKinds.get(column)) {
            case ZONED:
                ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
                break;
            case LOCAL_UTC:
                ps.setObject(index, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
                break;
            default:
                ps.setObject(index, LocalDateTime.ofInstant(value, zone()));
        }
    }

    private ZoneId zone() {
        return process.timezone();
    }

    private void bindId(PreparedStatement ps, int index, String id) throws SQLException {
        switch (idKind) {
            case LONG:
                try {
                    ps.setLong(index, Long.parseLong(id));
                } catch (NumberFormatException beyondLong) {
                    ps.setBigDecimal(index, new BigDecimal(id));
                }
                break;
            case DECIMAL:
                ps.setBigDecimal(index, new BigDecimal(id));
                break;
            case UUID:
                ps.setObject(index, java.util.UUID.fromString(id));
                break;
            default:
                ps.setString(index, id);
        }
    }

    /** The ids as an array of the column's kind, so that its index serves {@code = ANY (?)}. */
    private java.sql.Array idArray(Connection c, List<String> ids) throws SQLException {
        if (idKind == IdKind.LONG) {
            try {
                Long[] longs = new Long[ids.size()];
                for (int i = 0; i < longs.length; i++) {
                    longs[i] = Long.parseLong(ids.get(i));
                }
                return c.createArrayOf("int8", longs);
            } catch (NumberFormatException beyondLong) {
                // an unsigned 64-bit id: fall through to numeric
            }
        }
        if (idKind == IdKind.LONG || idKind == IdKind.DECIMAL) {
            BigDecimal[] decimals = new BigDecimal[ids.size()];
            for (int i = 0; i < decimals.length; i++) {
                decimals[i] = new BigDecimal(ids.get(i));
            }
            return c.createArrayOf("numeric", decimals);
        }
        if (idKind == IdKind.UUID) {
            java.util.UUID[] uuids = new java.util.UUID[ids.size()];
            for (int i = 0; i < uuids.length; i++) {
                uuids[i] = java.util.UUID.fromString(ids.get(i));
            }
            return c.createArrayOf("uuid", uuids);
        }
        return c.createArrayOf("text", ids.toArray());
    }

    private static IdKind idKind(ColumnInfo id) {
        switch (id.jdbcType) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return IdKind.LONG;
            case Types.NUMERIC:
            case Types.DECIMAL:
                return IdKind.DECIMAL;
            default:
                return id.typeName.equalsIgnoreCase("uuid") ? IdKind.UUID : IdKind.TEXT;
        }
    }

    private String columnFor(String key) {
        switch (key) {
            case "cursor": return process.cursor();
            case "started_at": return process.startedAt();
            default: return process.completedAt();
        }
    }

    private Map<String, ColumnInfo> columnsOfTable() throws SQLException {
        Map<String, ColumnInfo> out = new LinkedHashMap<>();
        try (Statement s = database.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + dialect.quoteTable(process.table()) + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.put(md.getColumnName(i), new ColumnInfo(md.getColumnTypeName(i), md.getColumnType(i),
                        md.isNullable(i) != ResultSetMetaData.columnNoNulls));
            }
        }
        return out;
    }

    private SourceException missingTable() {
        String similar = null;
        List<String> tables = new ArrayList<>();
        try {
            DatabaseMetaData md = database.connection().getMetaData();
            try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE", "VIEW"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    String name = rs.getString("TABLE_NAME");
                    if (schema != null && (schema.equals("pg_catalog") || schema.equals("information_schema"))) {
                        continue;
                    }
                    tables.add(name);
                }
            }
            String wanted = process.table().contains(".") ? process.table().substring(process.table().indexOf('.') + 1)
                    : process.table();
            similar = caseInsensitive(wanted, tables);
        } catch (SQLException ignored) {
            database.reset();
        }
        return new SourceException(SourceException.Kind.SCHEMA, "process " + process.name() + ": table \""
                + process.table() + "\" (" + process.fieldPath("table") + " at " + process.locationOf("table")
                + ") does not exist in " + database.connectionString().redacted()
                + (similar != null ? "; did you mean \"" + similar + "\"? (names are case-sensitive)"
                : tables.isEmpty() || tables.size() > 20 ? "" : "; its tables are: " + String.join(", ", tables))
                + ". Fix table: in " + process.locationOf("table").file() + " or connect to the right database.");
    }

    private static String caseInsensitive(String wanted, Iterable<String> names) {
        for (String n : names) {
            if (!n.equals(wanted) && n.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        return null;
    }

    private record ColumnInfo(String typeName, int jdbcType, boolean nullable) {
    }
}
