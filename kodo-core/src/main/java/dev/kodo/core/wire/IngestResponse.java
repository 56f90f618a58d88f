package dev.kodo.core.wire;

import java.util.List;

/**
 * The body of a {@code 202 Accepted} answer to {@code POST /api/v1/runs}.
 *
 * @param accepted how many runs were stored (new or changed) or recognised as already stored
 * @param rejects  the runs that were not, with the reason
 */
public record IngestResponse(int accepted, List<RunReject> rejects) {

    public IngestResponse {
        rejects = rejects == null ? List.of() : List.copyOf(rejects);
    }
}
