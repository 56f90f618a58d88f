package dev.kodo.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the collector's loop to stop (SIGTERM, SIGINT, a test), and lets it wait without missing that request.
 * The loop stops between batches: a batch in flight is delivered and its position saved first.
 */
public final class Stopper {

    private boolean stopped;
    private final List<Runnable> onStop = new ArrayList<>();

    /** Asks the loop to stop; wakes it if it is waiting, and runs the actions registered with {@link #onStop}. */
    public void stop() {
        List<Runnable> actions;
        synchronized (this) {
            stopped = true;
            notifyAll();
            actions = List.copyOf(onStop);
            onStop.clear();
        }
        actions.forEach(Runnable::run);
    }

    /** Runs {@code action} (once, on the stopping thread) when {@link #stop()} is called, or now if it was. */
    public void onStop(Runnable action) {
        synchronized (this) {
            if (!stopped) {
                onStop.add(action);
                return;
            }
        }
        action.run();
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * Waits for {@code duration} or until {@link #stop()}.
     *
     * @return {@code false} when stopped
     */
    public synchronized boolean sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
        return false;
    }
}
