package dev.kodo.collector.config;

/**
 * One thing wrong with kodo.yaml: where, which field, and what to do about it.
 *
 * @param location where in the file
 * @param field    the field's path, e.g. {@code processes[0].status_map.done}
 * @param message  what is wrong and how to fix it
 */
public record ConfigProblem(Location location, String field, String message) {

    @Override
    public String toString() {
        return location + ": " + field + ": " + message;
    }
}
