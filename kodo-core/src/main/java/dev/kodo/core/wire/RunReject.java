package dev.kodo.core.wire;

/**
 * One run of a batch that was not accepted, and why.
 *
 * @param index   position of the run in the batch's {@code runs} array
 * @param id      the run's id when it could be read, else {@code null}
 * @param field   path of the offending field, e.g. {@code runs[3].steps[1].status}
 * @param message what was wrong and what is expected
 */
public record RunReject(int index, String id, String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
