package dev.kodo.core.wire;

import java.util.List;

/**
 * A batch read from the wire: the runs that passed validation, and a reject for each one that did not.
 *
 * @param batch   the valid part
 * @param rejects the runs that were left out, with the reason
 */
public record DecodedBatch(RunBatch batch, List<RunReject> rejects) {

    public DecodedBatch {
        rejects = List.copyOf(rejects);
    }
}
