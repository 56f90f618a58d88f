package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.export.ReporterStats;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.sink.RunSink;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kodo bean's life: built from {@code quarkus.kodo.*} when the application starts, closed when it stops,
 * which closes every sink and delivers what the HTTP reporter still has queued.
 */
class KodoLifecycleTest {

    /**
     * The after-undeploy listener runs in the test's class loader, the test methods in the application's; system
     * properties are what both see.
     */
    private static final String CLOSED_WITH_RUNS = "kodo.test.lifecycle.closed-with-runs";
    private static final String INVOICE_RUN_ID = "kodo.test.lifecycle.invoice-run-id";

    /** Started before the application, in the test's class loader; only the listeners below use it. */
    private static LoopbackReceiver receiver;

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Billing.class, CountingSink.class, LoopbackReceiver.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.application.name", "billing-app")
            .overrideConfigKey("quarkus.kodo.api-key", "test-key")
            .overrideConfigKey("quarkus.kodo.environment", "staging")
            // Ended runs stay queued until shutdown, which must deliver them.
            .overrideConfigKey("quarkus.kodo.reporter.flush-interval", "1h")
            .setBeforeAllCustomizer(() -> {
                System.clearProperty(CLOSED_WITH_RUNS);
                System.clearProperty(INVOICE_RUN_ID);
                receiver = LoopbackReceiver.start(batch -> { });
                System.setProperty("quarkus.kodo.endpoint", receiver.url());
            })
            .setAfterUndeployListener(() -> {
                try {
                    assertThat(System.getProperty(CLOSED_WITH_RUNS)).isEqualTo("1");
                    Run delivered = receiver.runs().stream()
                            .filter(run -> run.id().equals(System.getProperty(INVOICE_RUN_ID)))
                            .findFirst().orElseThrow(() -> new AssertionError(
                                    "the queued run did not arrive at shutdown; received: " + receiver.batches()));
                    assertThat(delivered.workflow()).isEqualTo("invoice");
                    assertThat(delivered.status()).isEqualTo(RunStatus.OK);
                } finally {
                    receiver.close();
                    System.clearProperty("quarkus.kodo.endpoint");
                }
            });

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
    void runsWaitForTheFlushIntervalAndShutdownDeliversThem() {
        billing.invoice();
        System.setProperty(INVOICE_RUN_ID, CountingSink.lastRunId);

        // Queued, not sent: only the shutdown can deliver it within this test (see the after-undeploy listener).
        ReporterStats stats = kodo.reporterStats();
        assertThat(stats.enabled()).isTrue();
        assertThat(stats.endpoint()).startsWith("http://127.0.0.1:");
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
        static volatile String lastRunId;
        private final AtomicInteger ended = new AtomicInteger();

        @Override
        public void onEnd(Run run) {
            lastRunId = run.id();
            ended.incrementAndGet();
        }

        @Override
        public void close() {
            System.setProperty(CLOSED_WITH_RUNS, String.valueOf(ended.get()));
        }
    }
}
