package dev.kodo.core.export;

import dev.kodo.core.internal.RateLimitedLogger;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.sink.RunSink;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.RunReject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Ships runs to a Kodo server over HTTP, fire-and-forget.
 *
 * <ul>
 *   <li>{@link #onEnd} only offers the run to a bounded queue: it never blocks and never throws. When the queue is
 *       full the run is dropped and counted.</li>
 *   <li>One background thread ({@code kodo-exporter}) sends batches of up to {@code batchSize} runs every
 *       {@code flushInterval} (sooner when a batch is full), gzipped, with the API key as a Bearer token.</li>
 *   <li>429, 5xx and network errors are retried with exponential backoff and jitter, honouring
 *       {@code Retry-After}, for at most {@code maxRetryTime}; 400, 401/403 and 413 are not retried (413 splits the
 *       batch first).</li>
 *   <li>A run still in flight after one flush interval is sent once as {@code running}; every
 *       {@code heartbeatInterval} the exporter reports the ids of its announced runs still in flight, so the
 *       server can tell stuck runs (alive, slow) from lost ones (their process stopped reporting).</li>
 *   <li>{@link #close()} delivers what is queued, and announces what is still in flight, within
 *       {@code shutdownTimeout}.</li>
 * </ul>
 *
 * Problems are counted ({@link #stats()}) and logged at most once a minute per kind.
 *
 * <p>Applications rarely build one: {@code Kodo.builder().apiKey(...)} does. Build one to ship runs that were
 * recorded elsewhere, as the collector does with rows of a table:
 * <pre>{@code
 * ReporterSettings settings = ReporterSettings.defaults(URI.create("http://localhost:7700"), apiKey);
 * try (HttpRunExporter exporter = new HttpRunExporter(settings,
 *         Resource.forThisProcess("billing", "prod", "my-importer/1.0", 0), List::of)) {
 *     exporter.onEnd(run);
 *     exporter.flush(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class HttpRunExporter implements RunSink {

    /** Most run ids reported in one heartbeat. */
    static final int MAX_HEARTBEAT_IDS = 10_000;

    private static final System.Logger LOGGER = System.getLogger("dev.kodo.exporter");
    private static final long SLEEP_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ReporterSettings settings;
    private final Resource resource;
    private final Supplier<? extends Collection<? extends InFlightRun>> inFlight;
    private final IngestClient client;
    private final Backoff backoff;
    private final RateLimitedLogger log;
    private final ArrayBlockingQueue<Run> queue;
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> flushRequests = new ConcurrentLinkedQueue<>();
    private final Thread sender;

    /** Ids of runs the server has seen as running: written by the sender, read by the heartbeat. */
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final Thread heartbeat;

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastSuccess;

    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile long closeDeadline;

    /**
     * Starts the exporter's thread.
     *
     * @param inFlight the runs in flight now, read once per flush interval
     */
    public HttpRunExporter(ReporterSettings settings, Resource resource,
                           Supplier<? extends Collection<? extends InFlightRun>> inFlight) {
        this(settings, resource, inFlight, Backoff.standard());
    }

    HttpRunExporter(ReporterSettings settings, Resource resource,
                    Supplier<? extends Collection<? extends InFlightRun>> inFlight, Backoff backoff) {
        this.settings = settings;
        this.resource = resource;
        this.inFlight = inFlight;
        this.backoff = backoff;
        this.client = IngestClient.create(settings, resource.sdk());
        this.log = new RateLimitedLogger(LOGGER, 1, TimeUnit.MINUTES);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.sender = new Thread(this::loop, "kodo-exporter");
        this.sender.setDaemon(true);
        this.sender.start();
        // Heartbeats have a thread of their own: a sender stuck retrying a batch must not silence them, or the
        // server would declare this process's runs lost while it is alive.
        this.heartbeat = new Thread(this::heartbeats, "kodo-heartbeat");
        this.heartbeat.setDaemon(true);
        this.heartbeat.start();
    }

    @Override
    public void onEnd(Run run) {
        if (closed.get()) {
            dropped.incrementAndGet();
            log.log(Level.WARNING, "closed", "Kodo: a run ended after the reporter was closed and was dropped");
            return;
        }
        if (!queue.offer(run)) {
            long total = dropped.incrementAndGet();
            // Built only when logged: this is the user's thread, at the moment the reporter is overloaded.
            log.log(Level.WARNING, "dropped", () -> "Kodo: the reporter's queue is full (capacity "
                    + settings.queueCapacity() + "), so a run of " + run.workflow() + " was dropped (" + total
                    + " dropped so far). The server at " + settings.endpoint() + " may be unreachable or slow; "
                    + "raise the queue capacity if bursts are expected" + (lastError == null ? "" : ". Last error: "
                    + lastError), null);
            return;
        }
        if (queue.size() >= settings.batchSize()) {
            LockSupport.unpark(sender);
        }
    }

    /** Sends everything queued now; waits at most {@code timeout}. */
    @Override
    public boolean flush(Duration timeout) {
        if (stopped) {
            return queue.isEmpty();
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        flushRequests.add(done);
        LockSupport.unpark(sender);
        try {
            return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /**
     * Delivers what is queued and announces the runs still in flight, within the shutdown timeout, then stops
     * the sender. Runs ending after this are dropped and counted.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutNanos = settings.shutdownTimeout().toNanos();
        closeDeadline = System.nanoTime() + timeoutNanos;
        closing = true;
        boolean delivered = flush(Duration.ofNanos(timeoutNanos));
        stopped = true;
        LockSupport.unpark(sender);
        LockSupport.unpark(heartbeat);
        try {
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(closeDeadline - System.nanoTime())) + 100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        if (left > 0) {
            dropped.addAndGet(left);
            queue.clear();
        }
        if (!delivered || left > 0) {
            LOGGER.log(Level.WARNING, "Kodo: not every run was delivered before shutdown (timeout "
                    + settings.shutdownTimeout() + "): " + failed.get() + " given up in total, " + left
                    + " still queued and dropped" + (lastError == null ? "" : ". Last error: " + lastError));
        }
    }

    /** A snapshot of what the exporter has done. */
    public ReporterStats stats() {
        return new ReporterStats(true, settings.endpoint().toString(), queue.size(), settings.queueCapacity(),
                sent.get(), dropped.get(), failed.get(), retried.get(), rejected.get(), consecutiveFailures.get(),
                lastError, lastSuccess);
    }

    // ------------------------------------------------------------------------------------ the sender thread

    private void loop() {
        long flushNanos = settings.flushInterval().toNanos();
        long nextCycle = System.nanoTime() + flushNanos;
        while (!stopped) {
            long now = System.nanoTime();
            boolean flushRequested = !flushRequests.isEmpty();
            if (!flushRequested && queue.size() < settings.batchSize() && now < nextCycle) {
                LockSupport.parkNanos(this, nextCycle - now);
                continue;
            }
            List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
            for (CompletableFuture<Boolean> f; (f = flushRequests.poll()) != null; ) {
                waiting.add(f);
            }
            boolean delivered;
            try {
                delivered = cycle(closing);
            } catch (InterruptedException e) {
                waiting.forEach(f -> f.complete(false));
                return;
            } catch (RuntimeException e) {
                delivered = false;
                lastError = "internal error: " + e;
                log.log(Level.WARNING, "internal", () -> "Kodo: internal error in the exporter: " + e, e);
            }
            for (CompletableFuture<Boolean> f : waiting) {
                f.complete(delivered);
            }
            nextCycle = now + flushNanos;
        }
    }

    /**
     * Every heartbeat interval: the ids of this process's runs in flight that the server has seen as running, so
     * it can tell them (alive, maybe stuck) from lost ones. Not retried: the next heartbeat follows soon.
     */
    private void heartbeats() {
        long intervalNanos = settings.heartbeatInterval().toNanos();
        long next = System.nanoTime() + intervalNanos;
        while (!stopped) {
            long left = next - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
                continue;
            }
            next += intervalNanos;
            try {
                List<String> ids = new ArrayList<>();
                for (InFlightRun run : inFlight.get()) {
                    if (ids.size() < MAX_HEARTBEAT_IDS && announced.contains(run.id())) {
                        ids.add(run.id());
                    }
                }
                IngestClient.Result result = client.send(new RunBatch(resource, List.of(), ids));
                if (result.outcome() != IngestClient.Outcome.ACCEPTED) {
                    log.log(Level.WARNING, "heartbeat", "Kodo: a heartbeat was not accepted (" + result.message()
                            + "); runs in flight may be declared lost if this persists");
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.log(Level.WARNING, "internal", () -> "Kodo: internal error sending a heartbeat: " + e, e);
            }
        }
    }

    /**
     * Sends what was queued when the cycle began and the due announcements.
     *
     * @return {@code true} when every batch was accepted
     */
    private boolean cycle(boolean announceAll) throws InterruptedException {
        Set<String> current = new HashSet<>();
        List<Run> announcements = new ArrayList<>();
        Instant announceBefore = Instant.now().minus(settings.flushInterval());
        for (InFlightRun run : inFlight.get()) {
            current.add(run.id());
            if (!announced.contains(run.id()) && announcements.size() < settings.batchSize()
                    && (announceAll || run.startedAt().isBefore(announceBefore))) {
                announcements.add(run.snapshot());
            }
        }
        announced.retainAll(current);

        boolean allDelivered = true;
        int toSend = queue.size();
        boolean first = true;
        while (first || toSend > 0) {
            List<Run> batch = new ArrayList<>(Math.min(toSend, settings.batchSize()) + announcements.size());
            // Final records first: a run that ended is never announced after its final record in one batch.
            int drained = queue.drainTo(batch, Math.min(toSend, settings.batchSize()));
            toSend -= drained;
            List<Run> announcing = first ? announcements : List.of();
            batch.addAll(announcing);
            first = false;
            if (batch.isEmpty()) {
                break;
            }
            boolean ok = sendWithRetry(batch);
            if (ok) {
                for (Run r : announcing) {
                    announced.add(r.id());
                }
            }
            allDelivered &= ok;
            if (drained == 0) {
                break;
            }
        }
        return allDelivered;
    }

    private boolean sendWithRetry(List<Run> runs) throws InterruptedException {
        RunBatch batch = RunBatch.of(resource, runs);
        long giveUpAt = System.nanoTime() + settings.maxRetryTime().toNanos();
        for (int attempt = 0; ; attempt++) {
            IngestClient.Result result = client.send(batch);
            switch (result.outcome()) {
                case ACCEPTED:
                    accepted(runs.size(), result);
                    return true;
                case UNAUTHORIZED:
                    // A refused key is a server we cannot reach: health checks read this counter.
                    consecutiveFailures.incrementAndGet();
                    giveUp(runs.size(), result.message());
                    log.log(Level.WARNING, "unauthorized", "Kodo: the server refused the API key (" + result.message()
                            + "). Check KODO_API_KEY / kodo.api-key; runs are not retried with a rejected key");
                    return false;
                case TOO_LARGE:
                    if (runs.size() > 1) {
                        int half = runs.size() / 2;
                        boolean a = sendWithRetry(new ArrayList<>(runs.subList(0, half)));
                        boolean b = sendWithRetry(new ArrayList<>(runs.subList(half, runs.size())));
                        return a && b;
                    }
                    giveUp(runs.size(), result.message());
                    log.log(Level.WARNING, "too-large", "Kodo: a single run of " + (runs.isEmpty() ? "?"
                            : runs.get(0).workflow()) + " is larger than the server accepts (" + result.message()
                            + "); it was dropped. Fewer steps or smaller attributes will fit");
                    return false;
                case REFUSED:
                    giveUp(runs.size(), result.message());
                    log.log(Level.WARNING, "refused", "Kodo: the server refused a batch of " + runs.size()
                            + " runs as malformed (" + result.message() + "); they were dropped");
                    return false;
                case RETRY:
                default:
                    consecutiveFailures.incrementAndGet();
                    lastError = result.message();
                    long deadline = closing ? closeDeadline : giveUpAt;
                    Duration delay = backoff.delay(attempt, result.retryAfter());
                    if (System.nanoTime() + delay.toNanos() > deadline || stopped) {
                        giveUp(runs.size(), result.message());
                        log.log(Level.WARNING, "gave-up", "Kodo: gave up sending " + runs.size() + " runs after "
                                + (attempt + 1) + " attempts: " + result.message());
                        return false;
                    }
                    log.log(Level.WARNING, "retrying", "Kodo: sending runs failed (" + result.message()
                            + "); retrying with backoff for up to " + settings.maxRetryTime());
                    retried.incrementAndGet();
                    sleep(delay.toNanos());
            }
        }
    }

    private void accepted(int count, IngestClient.Result result) {
        sent.addAndGet(count);
        consecutiveFailures.set(0);
        lastSuccess = Instant.now();
        if (result.response() != null && !result.response().rejects().isEmpty()) {
            List<RunReject> rejects = result.response().rejects();
            rejected.addAndGet(rejects.size());
            log.log(Level.WARNING, "rejected", "Kodo: the server rejected " + rejects.size() + " of " + count
                    + " runs, e.g. " + rejects.get(0));
        }
    }

    private void giveUp(int count, String why) {
        failed.addAndGet(count);
        lastError = why;
    }

    /** Sleeps in slices so that closing cuts a long backoff short. */
    private void sleep(long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            if (closing && System.nanoTime() > closeDeadline || stopped) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, SLEEP_SLICE_NANOS));
        }
    }

    @Override
    public String toString() {
        return "HttpRunExporter[" + settings.endpoint() + "]";
    }
}
