package dev.kodo.server;

import dev.kodo.server.health.RollupJob;
import dev.kodo.server.storage.LostRunSweeper;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the lost-run sweep and the rollups in the background of every instance ({@code kodo.server.jobs.*}).
 * Both are safe when several instances share one database; a failing run is logged and tried again later.
 */
@Component
@ConditionalOnProperty(name = "kodo.server.jobs.enabled", havingValue = "true", matchIfMissing = true)
class BackgroundJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final LostRunSweeper sweeper;
    private final RollupJob rollups;
    private final KodoServerProperties.Jobs settings;
    private ScheduledExecutorService executor;

    BackgroundJobs(LostRunSweeper sweeper, RollupJob rollups, KodoServerProperties properties) {
        this.sweeper = sweeper;
        this.rollups = rollups;
        this.settings = properties.getJobs();
    }

    @Override
    public synchronized void start() {
        executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "kodo-jobs");
            t.setDaemon(true);
            return t;
        });
        schedule("lost-run sweep", settings.getLostSweepInterval(), sweeper::sweep);
        schedule("rollup", settings.getRollupInterval(), rollups::rollUp);
    }

    private void schedule(String name, Duration every, Callable<Integer> job) {
        long millis = every.toMillis();
        executor.scheduleWithFixedDelay(new Runnable() {
            private long lastWarning;

            @Override
            public void run() {
                try {
                    int done = job.call();
                    if (done > 0) {
                        log.debug("{}: {}", name, done);
                    }
                } catch (Exception e) {
                    // The database may be restarting; say so at most once a minute.
                    if (System.nanoTime() - lastWarning > TimeUnit.MINUTES.toNanos(1) || lastWarning == 0) {
                        lastWarning = System.nanoTime();
                        log.warn("{} failed, will try again: {}", name, e.toString());
                    }
                }
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
