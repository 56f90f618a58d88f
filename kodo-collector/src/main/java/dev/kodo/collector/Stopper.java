package dev.kodo.collector;

import java.time.Duration;

/**
 * Tells the collector's loop to stop (SIGTERM, SIGINT, a test), and lets it wait without missing that request.
 * The loop stops between batches: a batch in flight is delivered and its position saved first.
 */
public final class Stopper {

    private boolean stopped;

    /** Asks the loop to stop; wakes it if it is waiting. */
    public synchronized void stop() {
        stopped = true;
        notifyAll();
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
