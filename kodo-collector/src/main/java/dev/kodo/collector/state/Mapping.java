package dev.kodo.collector.state;

import dev.kodo.collector.config.ProcessConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a process's kodo.yaml entry that give its cursor a meaning: which database, table, id and cursor
 * column. A cursor saved under one mapping means nothing under another, so a change is detected and explained
 * instead of silently reading from an old position. (Other fields, such as status_map, only change how rows
 * read from now on are described.)
 *
 * @param source   postgres or mysql
 * @param database host:port/database, without credentials
 * @param table    the table
 * @param id       the id column
 * @param cursor   the cursor column
 */
public record Mapping(String source, String database, String table, String id, String cursor) {

    /** The mapping of a configured process. */
    public static Mapping of(ProcessConfig p) {
        return new Mapping(p.kind().word(), p.connection().target(), p.table(), p.id(), p.cursor());
    }

    Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("database", database);
        m.put("table", table);
        m.put("id", id);
        m.put("cursor", cursor);
        return m;
    }

    /** What differs, as {@code table: jobs → job_runs}. */
    public List<String> differences(Mapping now) {
        List<String> out = new ArrayList<>();
        Map<String, String> before = asMap();
        now.asMap().forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                out.add(k + ": " + before.get(k) + " \u2192 " + v);
            }
        });
        return out;
    }
}
