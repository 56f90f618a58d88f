package dev.kodo.collector.state;

import dev.kodo.collector.config.ProcessConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a process's kodo.yaml entry that give its saved positions a meaning: which database, table, id and
 * cursor column, the {@code started_at} column (the position of the scan over rows whose cursor is still NULL is a
 * {@code started_at} value) and the time zone (positions are instants, bound as local times in that zone for
 * columns without a time zone). A position saved under one mapping means nothing under another, so a change is
 * detected and explained instead of silently reading from an old position. (Other fields, such as status_map, only
 * change how rows read from now on are described.)
 *
 * @param source    postgres or mysql
 * @param database  host:port/database, without credentials
 * @param table     the table
 * @param id        the id column
 * @param cursor    the cursor column
 * @param startedAt the started_at column, or {@code null} in a state file written before it was recorded
 * @param timezone  the zone of timestamp columns without a time zone, or {@code null} in a state file written
 *                  before it was recorded
 */
public record Mapping(String source, String database, String table, String id, String cursor, String startedAt,
                      String timezone) {

    /** The mapping of a configured process. */
    public static Mapping of(ProcessConfig p) {
        return new Mapping(p.kind().word(), p.connection().target(), p.table(), p.id(), p.cursor(), p.startedAt(),
                p.timezone().getId());
    }

    Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("database", database);
        m.put("table", table);
        m.put("id", id);
        m.put("cursor", cursor);
        m.put("started_at", startedAt);
        m.put("timezone", timezone);
        return m;
    }

    /**
     * What differs, as {@code table: jobs → job_runs}. A field this (saved) mapping does not record, because an
     * older collector wrote it, is taken as unchanged.
     */
    public List<String> differences(Mapping now) {
        List<String> out = new ArrayList<>();
        Map<String, String> before = asMap();
        now.asMap().forEach((k, v) -> {
            String was = before.get(k);
            if (was != null && !was.equals(v)) {
                out.add(k + ": " + was + " \u2192 " + v + switch (k) {
                    case "started_at" -> " (the position of rows whose cursor is NULL is a " + was + " value)";
                    case "timezone" -> " (the saved positions were read as local times in " + was + ")";
                    default -> "";
                });
            }
        });
        return out;
    }
}
