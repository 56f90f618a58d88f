package dev.kodo.collector;

import dev.kodo.core.run.Run;
import java.util.List;

/**
 * Where the collector puts runs: the Kodo server ({@link ServerDestination}) or standard output for
 * {@code --dry-run} ({@link PrintDestination}). {@link #deliver(List)} returns only once the runs are safe, so the
 * collector may then move its position past them.
 */
public interface RunDestination {

    /**
     * Delivers {@code runs}, retrying as needed.
     *
     * @return how many runs the destination refused as malformed (they are not sent again)
     * @throws DeliveryException when the runs could not be delivered; nothing may be assumed delivered
     */
    int deliver(List<Run> runs) throws DeliveryException;
}
