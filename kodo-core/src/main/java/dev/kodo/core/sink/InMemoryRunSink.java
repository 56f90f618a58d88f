package dev.kodo.core.sink;

import dev.kodo.core.run.Run;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps ended runs in memory, oldest first, up to a capacity beyond which the oldest are evicted. Meant for
 * tests and local inspection; thread-safe.
 *
 * <pre>{@code
 * InMemoryRunSink sink = RunSink.inMemory();
 * Kodo kodo = Kodo.builder().sink(sink).build();
 * kodo.workflow("checkout", wf -> wf.step("charge_card", () -> charge()));
 * assertEquals(RunStatus.OK, sink.runs().get(0).status());
 * }</pre>
 */
public final class InMemoryRunSink implements RunSink {

    /** Default capacity: enough for any test, small enough to never exhaust memory. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    private long evicted;

    public InMemoryRunSink() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity how many runs to keep; older runs are evicted first */
    public InMemoryRunSink(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void onEnd(Run run) {
        synchronized (runs) {
            if (runs.size() == capacity) {
                runs.removeFirst();
                evicted++;
            }
            runs.addLast(run);
            runs.notifyAll();
        }
    }

    /** All kept runs, in the order they ended. */
    public List<Run> runs() {
        synchronized (runs) {
            return new ArrayList<>(runs);
        }
    }

    /** The kept runs of one workflow, in the order they ended. */
    public List<Run> runs(String workflow) {
        List<Run> result = new ArrayList<>();
        synchronized (runs) {
            for (Run run : runs) {
                if (run.workflow().equals(workflow)) {
                    result.add(run);
                }
            }
        }
        return result;
    }

    /**
     * Waits until at least {@code count} runs have been kept or {@code timeoutMillis} passed.
     *
     * @return the runs kept when it returns
     */
    public List<Run> await(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (runs) {
            long left;
            while (runs.size() < count && (left = deadline - System.nanoTime()) > 0) {
                runs.wait(Math.max(1, left / 1_000_000));
            }
            return new ArrayList<>(runs);
        }
    }

    /** How many runs were evicted because the capacity was reached. */
    public long evicted() {
        synchronized (runs) {
            return evicted;
        }
    }

    /** Forgets every kept run. */
    public void clear() {
        synchronized (runs) {
            runs.clear();
            evicted = 0;
        }
    }

    @Override
    public String toString() {
        synchronized (runs) {
            return "InMemoryRunSink[" + runs.size() + " runs]";
        }
    }
}
