package dev.kodo.collector;

import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ProcessConfig;
import dev.kodo.collector.source.Database;
import dev.kodo.collector.source.SourceException;
import dev.kodo.collector.source.TableSource;
import dev.kodo.collector.state.StateException;
import dev.kodo.collector.state.StateStore;
import dev.kodo.core.export.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads every process of kodo.yaml and ships its runs: one {@link #pass()} (for {@code kodo collect --once}), or
 * passes every poll interval until stopped ({@link #watch(Backoff)}).
 *
 * <pre>{@code
 * try (StateStore store = StateStore.open(statePath, true);
 *      Collector collector = new Collector(config, store, destination, Set.of(), stopper, log)) {
 *     PassSummary summary = collector.pass();
 * }
 * }</pre>
 */
public final class Collector implements AutoCloseable {

    /** After a stop request, how long a query may still run before its connection is cut. */
    static final Duration QUERY_GRACE_ON_STOP = Duration.ofSeconds(5);

    private final CollectorConfig config;
    private final RunDestination destination;
    private final Stopper stopper;
    private final Log log;
    private final List<ProcessCollector> processes = new ArrayList<>();
    private final Map<String, Database> databases = new LinkedHashMap<>();
    /** Delivers one batch while the next is read: a single thread, so batches arrive in order. */
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kodo-delivery");
        t.setDaemon(true);
        return t;
    });
    private int passes;
    private volatile boolean closed;

    /**
     * @param resets names of processes to read again from the beginning of their table
     * @throws StateException when a process's saved position belongs to a changed mapping (see
     *                        {@link StateStore#process})
     */
    public Collector(CollectorConfig config, StateStore store, RunDestination destination, Set<String> resets,
                     Stopper stopper, Log log) throws StateException {
        this.config = config;
        this.destination = destination;
        this.stopper = stopper;
        this.log = log;
        for (ProcessConfig p : config.processes()) {
            Database db = databases.computeIfAbsent(p.connection().jdbcUrl() + "\u0000"
                    + p.connection().properties().getProperty("user", ""),
                    k -> new Database(p.connection(), config.queryTimeout()));
            processes.add(new ProcessCollector(p, new TableSource(p, db), store.process(p, resets.contains(p.name())),
                    store, config, log, delivery));
        }
        stopper.onStop(this::cutQueriesAfterGrace);
        List<String> unknown = new ArrayList<>(resets);
        config.processes().forEach(p -> unknown.remove(p.name()));
        if (!unknown.isEmpty()) {
            throw new StateException("--reset names no process of " + config.file() + ": " + String.join(", ", unknown));
        }
        if (!resets.isEmpty()) {
            store.save();
        }
    }

    /** One pass over every process. A process whose database fails is reported in the summary; the others go on. */
    public PassSummary pass() throws DeliveryException, StateException {
        return pass(Map.of(), new HashSet<>());
    }

    private PassSummary pass(Map<String, Long> notBefore, Set<String> skipped)
            throws DeliveryException, StateException {
        long start = System.nanoTime();
        int rows = 0;
        int shipped = 0;
        int pending = 0;
        int stuck = 0;
        boolean stopped = false;
        Map<String, SourceException> failures = new LinkedHashMap<>();
        for (ProcessCollector p : processes) {
            if (stopper.isStopped()) {
                stopped = true;
                break;
            }
            Long wait = notBefore.get(p.name());
            if (wait != null && System.nanoTime() < wait) {
                skipped.add(p.name());
                continue;
            }
            try {
                ProcessCollector.Result r = p.pass(destination, stopper);
                rows += r.rowsRead();
                shipped += r.runsShipped();
                pending += r.pending();
                stuck += r.stuck();
                stopped |= r.stopped();
            } catch (SourceException e) {
                failures.put(p.name(), e);
            }
        }
        passes++;
        return new PassSummary(passes, rows, shipped, pending, stuck, Duration.ofNanos(System.nanoTime() - start),
                failures, stopped);
    }

    /**
     * Passes every poll interval until {@link Stopper#stop()}: a batch in hand is delivered and its position saved
     * before it returns. A database that cannot be read is retried with {@code databaseBackoff}; the server is
     * retried until it answers (the position never moves past runs it has not acknowledged).
     *
     * @throws SourceException when a table or column is missing the first time its database is reached (even after
     *                         it was unreachable at first): kodo.yaml or the schema must change, waiting will not
     *                         help. A table that disappears after it was read is retried like an outage.
     */
    public void watch(Backoff databaseBackoff) throws DeliveryException, StateException, SourceException {
        Map<String, Integer> failureCounts = new HashMap<>();
        Set<String> readOnce = new HashSet<>();
        Map<String, Long> notBefore = new HashMap<>();
        while (!stopper.isStopped()) {
            PassSummary summary;
            Set<String> skipped = new HashSet<>();
            try {
                summary = pass(notBefore, skipped);
            } catch (DeliveryException e) {
                if (e.kind() == DeliveryException.Kind.STOPPED) {
                    log.info(e.getMessage());
                    return;
                }
                throw e;
            }
            for (ProcessCollector p : processes) {
                SourceException failure = summary.failures().get(p.name());
                if (skipped.contains(p.name())) {
                    continue; // still backing off
                }
                if (failure == null) {
                    readOnce.add(p.name());
                    if (failureCounts.remove(p.name()) != null) {
                        log.info("process " + p.name() + ": its database can be read again");
                    }
                    notBefore.remove(p.name());
                    continue;
                }
                if (failure.kind() == SourceException.Kind.SCHEMA && !readOnce.contains(p.name())) {
                    throw failure;
                }
                int n = failureCounts.merge(p.name(), 1, Integer::sum);
                Duration delay = databaseBackoff.delay(n - 1, null);
                notBefore.put(p.name(), System.nanoTime() + delay.toNanos());
                log.warn(failure.getMessage() + "; retrying in " + delay.toMillis() + " ms");
            }
            log.info(summary.line());
            if (summary.stopped()) {
                return;
            }
            stopper.sleep(config.pollInterval());
        }
    }

    /**
     * A query normally ends within moments of a stop request; one still waiting after {@link #QUERY_GRACE_ON_STOP}
     * (a lock, a half-open connection) has its connection cut, so that the pass fails, saves what the server
     * acknowledged and the collector exits, rather than being halted.
     */
    private void cutQueriesAfterGrace() {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(QUERY_GRACE_ON_STOP.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                log.info("stopping: cutting database connections still busy after "
                        + QUERY_GRACE_ON_STOP.toSeconds() + " s (their rows are read again next time)");
                databases.values().forEach(Database::abort);
            }
        }, "kodo-stop");
        t.setDaemon(true);
        t.start();
    }

    /** The table sources, for {@code kodo validate}. */
    List<TableSource> sources() {
        List<TableSource> out = new ArrayList<>();
        processes.forEach(p -> out.add(p.source()));
        return out;
    }

    @Override
    public void close() {
        closed = true;
        delivery.shutdownNow();
        databases.values().forEach(Database::close);
    }
}
