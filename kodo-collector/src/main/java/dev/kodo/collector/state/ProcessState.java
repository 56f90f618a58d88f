package dev.kodo.collector.state;

import dev.kodo.collector.source.Position;
import dev.kodo.collector.source.TableSource.Scan;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the collector remembers about one process between passes: the position of each scan and the rows it has
 * read while they were unfinished (pending), with when they started. Owned by the collector's thread.
 */
public final class ProcessState {

    private Mapping mapping;
    private final Map<Scan, Position> positions = new EnumMap<>(Scan.class);
    private final LinkedHashMap<String, Instant> pending = new LinkedHashMap<>();

    ProcessState(Mapping mapping) {
        this.mapping = mapping;
    }

    public Mapping mapping() {
        return mapping;
    }

    /** Where {@code scan} stands, or {@code null} before its first row. */
    public Position position(Scan scan) {
        return positions.get(scan);
    }

    public void advance(Scan scan, Position position) {
        positions.put(scan, position);
    }

    /** Pending rows by id, oldest first, with when each started. */
    public Map<String, Instant> pending() {
        return pending;
    }

    /**
     * Remembers a row read while unfinished. When {@code max} rows are already pending, the oldest is dropped and
     * returned so the caller can say so; else {@code null}.
     */
    public String addPending(String id, Instant startedAt, int max) {
        pending.put(id, startedAt);
        if (pending.size() > max) {
            String oldest = pending.keySet().iterator().next();
            pending.remove(oldest);
            return oldest;
        }
        return null;
    }

    Map<Scan, Position> positions() {
        return positions;
    }

    /** Records a mapping that means the same positions (fields an older state file did not record). */
    void adopt(Mapping sameMeaning) {
        mapping = sameMeaning;
    }

    /** Forgets everything: the process starts again from the beginning of its table. */
    void reset(Mapping newMapping) {
        mapping = newMapping;
        positions.clear();
        pending.clear();
    }
}
