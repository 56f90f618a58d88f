package dev.kodo.collector.source;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a keyset scan stands: the last row read had this value in the scan's order column and this id. The next
 * read starts strictly after it, so rows that share a timestamp are neither skipped nor read twice.
 *
 * @param at the order column's value (a timestamp)
 * @param id the row's id, as text
 */
public record Position(Instant at, String id) {

    public Position {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(id, "id");
    }
}
