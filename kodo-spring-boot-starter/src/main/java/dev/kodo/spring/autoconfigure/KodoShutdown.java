package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import org.springframework.context.SmartLifecycle;

/**
 * Delivers what the reporter has queued when the context stops, within {@code kodo.reporter.shutdown-timeout}.
 * It stops after the web server's graceful shutdown (phases {@code DEFAULT_PHASE - 1024} and {@code - 2048}), so
 * the runs of the last requests are shipped too; the bean's {@code close()} then ends the reporter.
 */
final class KodoShutdown implements SmartLifecycle {

    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final Kodo kodo;
    private volatile boolean running;

    KodoShutdown(Kodo kodo) {
        this.kodo = kodo;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        kodo.flush(kodo.shutdownTimeout());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
