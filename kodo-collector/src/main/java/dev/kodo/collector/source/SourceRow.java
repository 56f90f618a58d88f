package dev.kodo.collector.source;

import java.time.Instant;
import java.util.Map;

/**
 * One row of a process's table, as the collector reads it. Any value may be {@code null} except {@link #id()}.
 *
 * @param id          the row's id, as text
 * @param status      the status column's value, as text
 * @param startedAt   the started_at column
 * @param completedAt the completed_at column, or {@code null} when not mapped
 * @param cursor      the cursor column
 * @param error       the error column, or {@code null} when not mapped
 * @param step        the step column, or {@code null} when not mapped
 * @param attributes  the attribute columns that are not null, by column name
 */
public record SourceRow(String id, String status, Instant startedAt, Instant completedAt, Instant cursor,
                        String error, String step, Map<String, String> attributes) {
}
