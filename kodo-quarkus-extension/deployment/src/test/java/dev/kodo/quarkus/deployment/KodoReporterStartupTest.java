package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reporter runs from the moment the application starts, in an application that never injects {@code Kodo} and
 * has no annotated method: its heartbeats reach the server.
 */
class KodoReporterStartupTest {

    /** Set by the receiver (test class loader), read by the test method (application class loader). */
    private static final String HEARTBEAT_SERVICE = "kodo.test.startup.heartbeat-service";

    private static LoopbackReceiver receiver;

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            // The receiver's class only: no bean, nothing annotated.
            .withApplicationRoot(root -> root.addClasses(LoopbackReceiver.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.application.name", "startup-app")
            // Micrometer would create Kodo at startup through its meter binder; this test is about Kodo's own start.
            .overrideConfigKey("quarkus.micrometer.enabled", "false")
            .overrideConfigKey("quarkus.kodo.api-key", "test-key")
            .overrideConfigKey("quarkus.kodo.reporter.heartbeat-interval", "100ms")
            .setBeforeAllCustomizer(() -> {
                System.clearProperty(HEARTBEAT_SERVICE);
                receiver = LoopbackReceiver.start(batch -> {
                    if (batch.runs().isEmpty()) {
                        System.setProperty(HEARTBEAT_SERVICE, batch.resource().service());
                    }
                });
                System.setProperty("quarkus.kodo.endpoint", receiver.url());
            })
            .setAfterUndeployListener(() -> {
                receiver.close();
                System.clearProperty("quarkus.kodo.endpoint");
            })
            .setLogRecordPredicate(record -> "dev.kodo".equals(record.getLoggerName()))
            .assertLogRecords(records -> assertThat(records).extracting(LogRecord::getMessage)
                    .anyMatch(message -> message.startsWith("Kodo: reporting runs of service 'startup-app' to "
                            + "http://127.0.0.1:")));

    @Test
    void heartbeatsReachTheServerWithoutAnyoneInjectingKodo() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.getProperty(HEARTBEAT_SERVICE) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(System.getProperty(HEARTBEAT_SERVICE)).as("service of the first heartbeat")
                .isEqualTo("startup-app");
    }
}
