package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Delivers what the reporter has queued when the context is stopped without being closed ({@code stop()}, a CRaC
 * checkpoint), within {@code kodo.reporter.shutdown-timeout}; the reporter keeps running for a later
 * {@code start()}.
 *
 * <p>When the context closes it leaves delivery to the {@code Kodo} bean's {@code close()}, so that shutdown waits
 * for an unreachable server once, not twice. That close comes after every lifecycle bean has stopped, the web
 * server's graceful shutdown included, so the runs of the last requests are shipped too.
 */
final class KodoShutdown implements SmartLifecycle {

    /** After the web server's graceful shutdown (phases {@code DEFAULT_PHASE - 1024} and {@code - 2048}). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final Kodo kodo;
    private final ApplicationContext context;
    private volatile boolean running;

    KodoShutdown(Kodo kodo, ApplicationContext context) {
        this.kodo = kodo;
        this.context = context;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!closing()) {
            kodo.flush(kodo.shutdownTimeout());
        }
    }

    private boolean closing() {
        return !(context instanceof ConfigurableApplicationContext configurable) || configurable.isClosed();
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
