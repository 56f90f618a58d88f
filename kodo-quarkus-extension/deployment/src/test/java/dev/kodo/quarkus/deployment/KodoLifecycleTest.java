package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.export.ReporterStats;
import dev.kodo.core.run.Run;
import dev.kodo.core.sink.RunSink;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kodo bean's life: built from {@code quarkus.kodo.*} when the application starts, closed when it stops,
 * which closes every sink (the HTTP reporter delivers what is queued then).
 */
class KodoLifecycleTest {

    /**
     * The after-undeploy listener runs outside the application's class loader, so the sink reports its close
     * through a system property, which both sides see.
     */
    private static final String CLOSED_WITH_RUNS = "kodo.test.lifecycle.closed-with-runs";

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Billing.class, CountingSink.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.application.name", "billing-app")
            .overrideConfigKey("quarkus.kodo.api-key", "test-key")
            .overrideConfigKey("quarkus.kodo.endpoint", "http://127.0.0.1:9")
            .overrideConfigKey("quarkus.kodo.environment", "staging")
            // Runs stay queued until shutdown; nothing listens on port 9, so the reporter gives up quickly.
            .overrideConfigKey("quarkus.kodo.reporter.flush-interval", "1h")
            .overrideConfigKey("quarkus.kodo.reporter.shutdown-timeout", "200ms")
            .setBeforeAllCustomizer(() -> System.clearProperty(CLOSED_WITH_RUNS))
            .setAfterUndeployListener(() -> assertThat(System.getProperty(CLOSED_WITH_RUNS)).isEqualTo("1"));

    @Inject
    Kodo kodo;
    @Inject
    Billing billing;

    @Test
    void serviceDefaultsToTheApplicationName() {
        assertThat(kodo.resource().service()).isEqualTo("billing-app");
        assertThat(kodo.resource().environment()).isEqualTo("staging");
    }

    @Test
    void reporterStartsWithTheApplicationAndQueuesUntilItsFlushInterval() {
        billing.invoice();

        ReporterStats stats = kodo.reporterStats();
        assertThat(stats.enabled()).isTrue();
        assertThat(stats.endpoint()).isEqualTo("http://127.0.0.1:9");
        assertThat(stats.queued()).isEqualTo(1);
        assertThat(stats.sent()).isZero();
    }

    @ApplicationScoped
    public static class Billing {
        @KodoWorkflow
        public void invoice() {
        }
    }

    /** A user's sink bean: Kodo receives it at startup and closes it at shutdown. */
    @ApplicationScoped
    public static class CountingSink implements RunSink {
        private final AtomicInteger ended = new AtomicInteger();

        @Override
        public void onEnd(Run run) {
            ended.incrementAndGet();
        }

        @Override
        public void close() {
            System.setProperty(CLOSED_WITH_RUNS, String.valueOf(ended.get()));
        }
    }
}
