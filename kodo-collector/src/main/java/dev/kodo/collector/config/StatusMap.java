package dev.kodo.collector.config;

import dev.kodo.core.run.RunStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the words of a table's status column into run statuses: the process's {@code status_map} first (exact
 * value, then ignoring case), then the default words (ignoring case):
 * <ul>
 *   <li>success, succeeded, completed, complete, done, delivered, ok → {@code ok}</li>
 *   <li>failed, failure, error, errored, dead → {@code failed}</li>
 *   <li>pending, queued, running, in_progress, processing, started, retrying → {@code running}</li>
 * </ul>
 *
 * <pre>{@code
 * StatusMap map = StatusMap.withDefaults(Map.of("delivered", RunStatus.OK));
 * map.lookup("DONE");   // OK
 * map.lookup("paused"); // null: unmapped, treated as not finished
 * }</pre>
 */
public final class StatusMap {

    private static final Map<String, RunStatus> DEFAULTS = defaults();

    private final Map<String, RunStatus> exact;
    private final Map<String, RunStatus> folded;

    private StatusMap(Map<String, RunStatus> userMap) {
        this.exact = Map.copyOf(userMap);
        Map<String, RunStatus> f = new HashMap<>(DEFAULTS);
        userMap.forEach((word, status) -> f.put(word.toLowerCase(Locale.ROOT), status));
        this.folded = Map.copyOf(f);
    }

    /** The default words, overridden and extended by {@code userMap}. */
    public static StatusMap withDefaults(Map<String, RunStatus> userMap) {
        return new StatusMap(userMap);
    }

    /** @return the status for {@code value}, or {@code null} when it is not mapped */
    public RunStatus lookup(String value) {
        if (value == null) {
            return null;
        }
        RunStatus s = exact.get(value);
        return s != null ? s : folded.get(value.trim().toLowerCase(Locale.ROOT));
    }

    private static Map<String, RunStatus> defaults() {
        Map<String, RunStatus> m = new LinkedHashMap<>();
        for (String w : new String[] {"success", "succeeded", "completed", "complete", "done", "delivered", "ok"}) {
            m.put(w, RunStatus.OK);
        }
        for (String w : new String[] {"failed", "failure", "error", "errored", "dead"}) {
            m.put(w, RunStatus.FAILED);
        }
        for (String w : new String[] {"pending", "queued", "running", "in_progress", "processing", "started",
                "retrying"}) {
            m.put(w, RunStatus.RUNNING);
        }
        return m;
    }
}
