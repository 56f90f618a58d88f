package dev.kodo.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.spring.autoconfigure.KodoAutoConfiguration;
import dev.kodo.spring.autoconfigure.KodoHealthContributorAutoConfiguration;
import dev.kodo.spring.testing.LoopbackIngestServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Spring Boot 4 only: Boot 3.5 has its health API in other packages, and this indicator is not offered there. */
class KodoReporterHealthIndicatorTests {

    private final LoopbackIngestServer server = LoopbackIngestServer.start();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KodoAutoConfiguration.class,
                    KodoHealthContributorAutoConfiguration.class))
            .withPropertyValues("kodo.api-key=k-test", "kodo.endpoint=" + server.endpoint(),
                    "kodo.reporter.flush-interval=20ms");

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void upWhileTheServerAcceptsRuns() {
        runner.run(context -> {
            Kodo kodo = context.getBean(Kodo.class);
            kodo.run("checkout-fulfillment", wf -> { });
            assertThat(kodo.flush(Duration.ofSeconds(10))).isTrue();

            Health health = context.getBean(KodoReporterHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("reporting", true).containsEntry("sent", 1L);
        });
    }

    @Test
    void upButNotReportingWithoutAnApiKey() {
        runner.withPropertyValues("kodo.api-key=").run(context -> {
            Health health = context.getBean(KodoReporterHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("reporting", false)
                    .containsEntry("reason", "no API key configured");
        });
    }

    @Test
    void downWhenTheServerRefusesRequestsInARow() {
        server.respondWith(401);
        runner.run(context -> {
            Kodo kodo = context.getBean(Kodo.class);
            for (int i = 0; i < 3; i++) {
                kodo.run("checkout-fulfillment", wf -> { });
                kodo.flush(Duration.ofSeconds(10));
            }

            Health health = context.getBean(KodoReporterHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("consecutiveFailures", 3L).containsKey("lastError");
        });
    }

    @Test
    void degradedForFiveMinutesAfterRunsWereDroppedHoweverOftenHealthIsChecked() {
        server.hold();
        runner.withPropertyValues("kodo.reporter.queue-capacity=1").run(context -> {
            Kodo kodo = context.getBean(Kodo.class);
            AtomicLong now = new AtomicLong();
            KodoReporterHealthIndicator indicator = new KodoReporterHealthIndicator(kodo,
                    KodoReporterHealthIndicator.DEGRADED_WINDOW, now::get);
            for (int i = 0; i < 20; i++) {
                kodo.run("checkout-fulfillment", wf -> { });
            }

            assertThat(kodo.reporterStats().dropped()).isPositive();
            Health first = indicator.health(true);
            assertThat(first.getStatus()).isEqualTo(KodoReporterHealthIndicator.DEGRADED);
            assertThat(first.getDetails()).containsKey("lostRecently");
            // Another check (by anyone) does not clear it.
            now.addAndGet(Duration.ofMinutes(4).toNanos());
            assertThat(indicator.health(true).getStatus()).isEqualTo(KodoReporterHealthIndicator.DEGRADED);
            // Nothing lost for longer than the window: up again.
            now.addAndGet(Duration.ofMinutes(2).toNanos());
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
            server.release();
        });
    }

    @Test
    void canBeTurnedOffLikeAnyHealthIndicator() {
        runner.withPropertyValues("management.health.kodo.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KodoReporterHealthIndicator.class));
    }
}
