package dev.kodo.collector;

import dev.kodo.core.export.Backoff;
import dev.kodo.core.export.IngestClient;
import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.RunReject;
import java.time.Duration;
import java.util.List;

/**
 * Sends runs to the Kodo server and returns only when it has acknowledged them: unlike the SDK's fire-and-forget
 * exporter, the collector must know before it moves its cursor. Retries 429, 5xx and network errors with
 * exponential backoff and jitter, honouring {@code Retry-After}; splits a batch the server finds too large.
 *
 * <pre>{@code
 * RunDestination server = new ServerDestination(IngestClient.create(settings, "kodo-collector/0.1.0"), resource,
 *         Backoff.standard(), Duration.ofMinutes(2), stopper, log);
 * server.deliver(runs);   // blocks until acknowledged
 * }</pre>
 */
public final class ServerDestination implements RunDestination {

    private final IngestClient client;
    private final Resource resource;
    private final Backoff backoff;
    private final Duration giveUpAfter;
    private final Stopper stopper;
    private final Log log;
    /** Written by the delivery thread and by the collector thread (pending rows are delivered from there). */
    private volatile boolean failing;

    /**
     * @param giveUpAfter how long to keep retrying one batch before failing with
     *                    {@link DeliveryException.Kind#UNAVAILABLE}; {@code null} retries until stopped (watch mode)
     */
    public ServerDestination(IngestClient client, Resource resource, Backoff backoff, Duration giveUpAfter,
                             Stopper stopper, Log log) {
        this.client = client;
        this.resource = resource;
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
        this.stopper = stopper;
        this.log = log;
    }

    @Override
    public int deliver(List<Run> runs) throws DeliveryException {
        if (runs.isEmpty()) {
            return 0;
        }
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            IngestClient.Result result;
            try {
                result = client.send(RunBatch.of(resource, runs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeliveryException(DeliveryException.Kind.STOPPED, "interrupted while sending runs");
            }
            switch (result.outcome()) {
                case ACCEPTED:
                    if (failing) {
                        failing = false;
                        log.info("the server accepts runs again");
                    }
                    return rejected(result);
                case TOO_LARGE:
                    if (runs.size() == 1) {
                        throw new DeliveryException(DeliveryException.Kind.REFUSED, "the server refused run "
                                + runs.get(0).id() + " as too large (" + result.message() + ")");
                    }
                    int half = runs.size() / 2;
                    return deliver(runs.subList(0, half)) + deliver(runs.subList(half, runs.size()));
                case UNAUTHORIZED:
                    throw new DeliveryException(DeliveryException.Kind.UNAUTHORIZED, "the server refused the API key ("
                            + result.message() + "): set api_key in kodo.yaml or KODO_API_KEY to an ingest key of "
                            + "your project");
                case REFUSED:
                    throw new DeliveryException(DeliveryException.Kind.REFUSED, "the server refused a batch of "
                            + runs.size() + " runs (" + result.message() + ")");
                default:
                    Duration delay = backoff.delay(attempt, result.retryAfter());
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                    if (giveUpAfter != null && elapsed.plus(delay).compareTo(giveUpAfter) > 0) {
                        throw new DeliveryException(DeliveryException.Kind.UNAVAILABLE, "gave up sending "
                                + runs.size() + " runs after " + elapsed.toSeconds() + " s: " + result.message()
                                + ". Nothing was lost: the next run of `kodo collect` sends them again.");
                    }
                    if (!failing || attempt == 0 || Integer.bitCount(attempt) == 1) {
                        log.warn("cannot deliver runs yet (" + result.message() + "); retrying in "
                                + delay.toMillis() + " ms (attempt " + (attempt + 1) + ")");
                    }
                    failing = true;
                    if (!stopper.sleep(delay)) {
                        throw new DeliveryException(DeliveryException.Kind.STOPPED, "stopped while waiting to "
                                + "retry: " + runs.size() + " runs not yet delivered will be sent by the next run");
                    }
            }
        }
    }

    private int rejected(IngestClient.Result result) {
        if (result.response() == null || result.response().rejects().isEmpty()) {
            return 0;
        }
        List<RunReject> rejects = result.response().rejects();
        RunReject first = rejects.get(0);
        log.warn("the server rejected " + rejects.size() + " run(s) as malformed, e.g. " + (first.id() == null ? ""
                : first.id() + ": ") + first + "; they are not sent again");
        return rejects.size();
    }
}
