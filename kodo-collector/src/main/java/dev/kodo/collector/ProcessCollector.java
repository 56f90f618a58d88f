package dev.kodo.collector;

import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ProcessConfig;
import dev.kodo.collector.source.Position;
import dev.kodo.collector.source.SourceException;
import dev.kodo.collector.source.SourceRow;
import dev.kodo.collector.source.TableSource;
import dev.kodo.collector.source.TableSource.Page;
import dev.kodo.collector.source.TableSource.Scan;
import dev.kodo.collector.state.ProcessState;
import dev.kodo.collector.state.StateException;
import dev.kodo.collector.state.StateStore;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One process's share of a pass, exactly once:
 * <ol>
 *   <li>read rows in keyset order (cursor, id) up to the database clock minus the commit lag, so that a
 *       transaction still open when its rows' timestamps were taken is read on a later pass, not skipped;</li>
 *   <li>ship each batch and, only once the server acknowledged it, move the position past its last row (written
 *       to the state file at least every second and at the end of the pass);</li>
 *   <li>ship rows that are not finished as {@code running} once and keep their ids pending; re-read pending rows
 *       each pass and ship them again when they have finished.</li>
 * </ol>
 * A crash between shipping and saving sends the batch again on restart; the server upserts by run id.
 */
final class ProcessCollector {

    /** How often a long pass (a first pass over history) reports its progress. */
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    /**
     * During a long pass the position is written at most this often (and always at the end of the pass): after a
     * crash at most this much acknowledged work is sent again, which the server's upsert absorbs.
     */
    private static final long SAVE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final ProcessConfig process;
    private final TableSource source;
    private final ProcessState state;
    private final StateStore store;
    private final CollectorConfig config;
    private final RunMapper mapper;
    private final Log log;
    private final ExecutorService delivery;
    private boolean unsaved;
    private long lastSave = System.nanoTime();

    ProcessCollector(ProcessConfig process, TableSource source, ProcessState state, StateStore store,
                     CollectorConfig config, Log log, ExecutorService delivery) {
        this.delivery = delivery;
        this.process = process;
        this.source = source;
        this.state = state;
        this.store = store;
        this.config = config;
        this.mapper = new RunMapper(process, log);
        this.log = log;
    }

    String name() {
        return process.name();
    }

    TableSource source() {
        return source;
    }

    /** What one pass over one process did. */
    record Result(int rowsRead, int runsShipped, int pending, int stuck, boolean stopped) {
    }

    Result pass(RunDestination destination, Stopper stopper)
            throws SourceException, DeliveryException, StateException {
        source.inspect();
        Instant now = source.clock();
        Instant upTo = now.minus(config.commitLag());
        Progress progress = new Progress();
        boolean stopped = false;
        List<Scan> scans = source.hasUnsetScan() ? List.of(Scan.CURSOR, Scan.UNSET) : List.of(Scan.CURSOR);
        // One batch is delivered (on the delivery thread) while the next is read and mapped. The position moves past
        // a batch only once the server acknowledged it, and is written at least every second and at the end.
        Shipment inFlight = null;
        try {
            scanning:
            for (Scan scan : scans) {
                Position readFrom = state.position(scan); // ahead of the saved position while a batch is in flight
                while (true) {
                    long t0 = System.nanoTime();
                    Page page = source.page(scan, readFrom, upTo, config.batchSize());
                    if (page.rows().isEmpty()) {
                        break;
                    }
                    readFrom = page.last();
                    Changes changes = changesFor(page.rows());
                    log.debug(String.format("%s: read and mapped %d rows in %.1f ms", process.name(),
                            page.rows().size(), (System.nanoTime() - t0) / 1e6));
                    if (inFlight != null) {
                        Shipment done = inFlight;
                        inFlight = null;
                        complete(done, progress);
                        if (stopper.isStopped()) {
                            stopped = true; // the page read ahead is read again next time
                            break scanning;
                        }
                    }
                    inFlight = new Shipment(scan, page, changes, System.nanoTime(),
                            delivery.submit(() -> destination.deliver(changes.runs)));
                    if (page.rows().size() < config.batchSize()) {
                        break;
                    }
                    if (stopper.isStopped()) {
                        stopped = true;
                        break scanning;
                    }
                }
            }
            if (inFlight != null) {
                Shipment done = inFlight;
                inFlight = null;
                complete(done, progress);
            }
            saveNow();
        } catch (SourceException | RuntimeException e) {
            try {
                if (inFlight != null) {
                    complete(inFlight, progress); // keep what the server acknowledged
                }
                saveNow();
            } catch (DeliveryException | StateException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        } catch (DeliveryException e) {
            try {
                saveNow(); // the batches acknowledged before this one
            } catch (StateException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        if (!stopped) {
            recheckPending(destination, progress);
        }
        // Without a stuck_after the server's default applies; here it only counts stuck runs for the summary.
        Duration stuckAfter = process.stuckAfter() != null ? process.stuckAfter() : InFlightRun.DEFAULT_STUCK_AFTER;
        Instant stuckBefore = now.minus(stuckAfter);
        int stuck = (int) state.pending().values().stream().filter(t -> t.isBefore(stuckBefore)).count();
        return new Result(progress.rows, progress.shipped, state.pending().size(), stuck, stopped);
    }

    private Changes changesFor(List<SourceRow> rows) {
        Changes changes = new Changes();
        for (SourceRow row : rows) {
            RunStatus status = mapper.statusOf(row);
            if (status.isTerminal()) {
                changes.finished.add(row.id());
            } else if (state.pending().containsKey(row.id())) {
                continue; // shipped as running when first read; shipped again once it has finished
            }
            Run run = mapper.toRun(row, status);
            if (run == null) {
                continue;
            }
            changes.runs.add(run);
            if (!status.isTerminal()) {
                changes.started.put(row.id(), run.startedAt());
            }
        }
        return changes;
    }

    /** Waits for a batch's acknowledgement, then records its pending changes and saves the position after it. */
    private void complete(Shipment shipment, Progress progress) throws DeliveryException, StateException {
        int rejected;
        try {
            rejected = shipment.delivered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shipment.delivered.cancel(true);
            throw new DeliveryException(DeliveryException.Kind.STOPPED, "interrupted while delivering runs");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeliveryException) {
                throw (DeliveryException) e.getCause();
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
        long acknowledged = System.nanoTime();
        progress.shipped += apply(shipment.changes, rejected);
        state.advance(shipment.scan, shipment.page.last());
        unsaved = true;
        if (acknowledged - lastSave >= SAVE_EVERY_NANOS) {
            saveNow();
        }
        log.debug(String.format("%s: %d runs acknowledged %.1f ms after sending", process.name(),
                shipment.changes.runs.size(), (acknowledged - shipment.sentAt) / 1e6));
        progress.read(shipment.page.rows().size(), shipment.scan, shipment.page);
    }

    /** Writes the state file if an acknowledged batch moved the position since it was last written. */
    private void saveNow() throws StateException {
        if (unsaved) {
            store.save();
            unsaved = false;
            lastSave = System.nanoTime();
        }
    }

    private record Shipment(Scan scan, Page page, Changes changes, long sentAt, Future<Integer> delivered) {
    }

    /**
     * Re-reads the pending rows; those that have finished are shipped final, leave the pending set and count as rows
     * read (those still unfinished are no news and do not).
     */
    private void recheckPending(RunDestination destination, Progress progress)
            throws SourceException, DeliveryException, StateException {
        if (state.pending().isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(state.pending().keySet());
        int perQuery = source.maxIdsPerQuery();
        for (int from = 0; from < ids.size(); from += perQuery) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + perQuery));
            Changes changes = new Changes();
            Set<String> seen = new HashSet<>();
            for (SourceRow row : source.byIds(chunk)) {
                seen.add(row.id());
                RunStatus status = mapper.statusOf(row);
                if (status.isTerminal() && cursorScanWillReach(row)) {
                    // Its cursor moved when it finished: the cursor scan ships it final once it is past the commit
                    // lag. Shipping it here too would send the same final record twice.
                    continue;
                }
                if (status.isTerminal()) {
                    Run run = mapper.toRun(row, status);
                    if (run != null) {
                        changes.runs.add(run);
                    }
                    changes.finished.add(row.id());
                    progress.rows++;
                }
            }
            for (String id : chunk) {
                if (!seen.contains(id)) {
                    log.warnOnce(process.name() + "/vanished", "process " + process.name() + ": row " + id
                            + " was deleted before it finished; its run stays running on the server (and shows as "
                            + "stuck). Rows deleted like it are no longer watched.");
                    changes.finished.add(id);
                }
            }
            if (!changes.finished.isEmpty()) {
                progress.shipped += deliver(destination, changes);
                store.save();
            }
        }
    }

    /** Is the row ahead of the cursor scan's saved position, so that a later pass will read it in order? */
    private boolean cursorScanWillReach(SourceRow row) {
        if (row.cursor() == null) {
            return false;
        }
        Position at = state.position(Scan.CURSOR);
        // A tie on the timestamp is decided by id in SQL order, which is not worth repeating here: ship it now.
        return at == null || row.cursor().isAfter(at.at());
    }

    /** Delivers, then (only then) records which rows became or stopped being pending. */
    private int deliver(RunDestination destination, Changes changes) throws DeliveryException {
        return apply(changes, destination.deliver(changes.runs));
    }

    /** After delivery: records which rows became or stopped being pending; returns the runs shipped. */
    private int apply(Changes changes, int rejected) {
        for (String id : changes.finished) {
            state.pending().remove(id);
        }
        for (Map.Entry<String, Instant> e : changes.started.entrySet()) {
            String evicted = state.addPending(e.getKey(), e.getValue(), config.maxPending());
            if (evicted != null) {
                log.warnOnce(process.name() + "/pending-full", "process " + process.name() + ": more than "
                        + config.maxPending() + " rows are unfinished; the oldest (e.g. row " + evicted + ") are no "
                        + "longer re-checked, so their final status is seen only if their " + process.cursor()
                        + " changes. Raise max_pending, or use a cursor column that changes with every update "
                        + "(e.g. updated_at).");
            }
        }
        return changes.runs.size() - rejected;
    }

    private static final class Changes {
        final List<Run> runs = new ArrayList<>();
        final List<String> finished = new ArrayList<>();
        final Map<String, Instant> started = new LinkedHashMap<>();
    }

    /** Counts a pass's work and reports progress every few seconds on long passes (a first pass over history). */
    private final class Progress {
        final long start = System.nanoTime();
        long lastReport = start;
        int rows;
        int shipped;

        void read(int n, Scan scan, Page page) {
            rows += n;
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                lastReport = now;
                double seconds = (now - start) / 1e9;
                log.info(String.format("%s: %,d rows read so far (%,.0f rows/s), %s at %s", process.name(), rows,
                        rows / seconds, scan == Scan.CURSOR ? process.cursor() : process.startedAt(),
                        page.last().at()));
            }
        }
    }
}
