package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.spring.testing.LoopbackIngestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

class KodoShutdownTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KodoAutoConfiguration.class))
            // Nothing would be sent before the context stops but for the shutdown delivery.
            .withPropertyValues("kodo.api-key=k-shutdown", "kodo.reporter.flush-interval=1h",
                    "kodo.reporter.heartbeat-interval=1h");

    @Test
    void closingTheContextDeliversWhatTheReporterHasQueued() {
        try (LoopbackIngestServer server = LoopbackIngestServer.start()) {
            runner.withPropertyValues("kodo.endpoint=" + server.endpoint()).run(context -> {
                context.getBean(Kodo.class).run("nightly-invoicing", wf -> {
                    wf.step("render_invoices", () -> "42 invoices");
                });
                assertThat(server.runs()).isEmpty();
                ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
            });

            List<Run> runs = server.runs();
            assertThat(runs).extracting(Run::workflow).containsExactly("nightly-invoicing");
            assertThat(runs.get(0).step("render_invoices")).isNotNull();
            assertThat(server.authorizations()).allMatch("Bearer k-shutdown"::equals);
        }
    }

    /** A stop without a close (context.stop(), a CRaC checkpoint) delivers, and a later start reports again. */
    @Test
    void stoppingTheContextDeliversWhatIsQueuedAndKeepsTheReporterForARestart() {
        try (LoopbackIngestServer server = LoopbackIngestServer.start()) {
            runner.withPropertyValues("kodo.endpoint=" + server.endpoint()).run(context -> {
                ConfigurableApplicationContext application =
                        (ConfigurableApplicationContext) context.getSourceApplicationContext();
                Kodo kodo = context.getBean(Kodo.class);
                kodo.run("nightly-invoicing", wf -> { });

                application.stop();
                assertThat(server.runs()).extracting(Run::workflow).containsExactly("nightly-invoicing");

                application.start();
                kodo.run("nightly-reconciliation", wf -> { });
                application.stop();
                assertThat(server.runs()).extracting(Run::workflow)
                        .containsExactly("nightly-invoicing", "nightly-reconciliation");
            });
        }
    }

    /**
     * Against a server that takes requests but never answers, closing the context waits one shutdown timeout for
     * the reporter, not one for the lifecycle stop and another for the bean's close (that took 6.1 s with these
     * settings). The upper bound leaves 2 s for a loaded machine; the lower bound shows the reporter did wait to
     * deliver.
     */
    @Test
    void closingAgainstAServerThatNeverAnswersWaitsOneShutdownTimeout() {
        Duration shutdownTimeout = Duration.ofSeconds(3);
        try (LoopbackIngestServer server = LoopbackIngestServer.start()) {
            server.hold();
            runner.withPropertyValues("kodo.endpoint=" + server.endpoint(),
                    "kodo.reporter.shutdown-timeout=" + shutdownTimeout.toMillis() + "ms",
                    "kodo.reporter.request-timeout=1m").run(context -> {
                context.getBean(Kodo.class).run("nightly-invoicing", wf -> { });

                long start = System.nanoTime();
                ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(took).isGreaterThanOrEqualTo(shutdownTimeout.minusMillis(100))
                        .isLessThan(shutdownTimeout.plusSeconds(2));
            });
        }
    }
}
