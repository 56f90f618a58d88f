package dev.kodo.collector.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of {@code processes:} in kodo.yaml: which table holds the runs of a process and how its columns map
 * to a run. Column names are as written (case-sensitive: they are quoted in SQL).
 *
 * @param index       position in {@code processes:}, for messages ({@code processes[0].table})
 * @param name        the workflow name; run ids are {@code <name>:<row id>}
 * @param connection  the database
 * @param table       the table, optionally qualified: {@code schema.table}
 * @param id          the column that identifies a row
 * @param status      the column with the row's status word
 * @param statusMap   status words to run statuses
 * @param startedAt   the column with when the run started
 * @param completedAt the column with when it ended, or {@code null}
 * @param cursor      the column that moves when a row changes; rows are read in order of (cursor, id)
 * @param error       the column with the error message of failed rows, or {@code null}
 * @param step        the column naming the failing (or current) step, or {@code null}
 * @param attributes  columns copied into each run's attributes, by column name
 * @param stuckAfter  how long a run may stay running before it counts as stuck, or {@code null} for the server's
 * @param timezone    the zone of timestamp columns without a time zone
 * @param locations   where each field was written, by key ({@code table}, {@code status_map}, ...; {@code -} for
 *                    the entry itself)
 */
public record ProcessConfig(int index, String name, ConnectionString connection, String table, String id,
                            String status, StatusMap statusMap, String startedAt, String completedAt, String cursor,
                            String error, String step, List<String> attributes, Duration stuckAfter,
                            ZoneId timezone, Map<String, Location> locations) {

    public ProcessConfig {
        attributes = List.copyOf(attributes);
        locations = Map.copyOf(locations);
    }

    /** The {@code source} of the runs this process ships: {@code table:<table>}. */
    public String runSource() {
        return "table:" + table;
    }

    /** The kind of database. */
    public SourceKind kind() {
        return connection.kind();
    }

    /** {@code processes[2].table}: how messages name a field of this entry. */
    public String fieldPath(String key) {
        return "processes[" + index + "]." + key;
    }

    /** Where {@code key} was written, or the entry itself when it was not. */
    public Location locationOf(String key) {
        Location l = locations.get(key);
        return l != null ? l : locations.get("-");
    }

    /** Every column the collector reads, each once, in a stable order. */
    public List<String> columns() {
        Set<String> c = new LinkedHashSet<>();
        c.add(id);
        c.add(status);
        c.add(startedAt);
        c.add(cursor);
        if (completedAt != null) {
            c.add(completedAt);
        }
        if (error != null) {
            c.add(error);
        }
        if (step != null) {
            c.add(step);
        }
        c.addAll(attributes);
        return new ArrayList<>(c);
    }

    /** Which kodo.yaml key named each column (the first, when a column serves several). */
    public Map<String, String> keyOfColumn() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.putIfAbsent(id, "id");
        m.putIfAbsent(status, "status");
        m.putIfAbsent(startedAt, "started_at");
        m.putIfAbsent(cursor, "cursor");
        if (completedAt != null) {
            m.putIfAbsent(completedAt, "completed_at");
        }
        if (error != null) {
            m.putIfAbsent(error, "error");
        }
        if (step != null) {
            m.putIfAbsent(step, "step");
        }
        for (String a : attributes) {
            m.putIfAbsent(a, "attributes");
        }
        return m;
    }
}
