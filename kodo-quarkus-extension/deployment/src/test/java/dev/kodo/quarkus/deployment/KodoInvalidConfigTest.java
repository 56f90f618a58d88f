package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A setting Kodo cannot use stops the application at startup with a message naming the property. */
class KodoInvalidConfigTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.kodo.reporter.queue-capacity", "0")
            .assertException(thrown -> assertThat(StartupFailures.configurationError(thrown))
                    .contains("quarkus.kodo.reporter.queue-capacity=0")
                    .contains("must be at least 1")
                    .containsPattern("application\\.properties\\]?:\\d+")
                    .contains("QUARKUS_KODO_REPORTER_QUEUE_CAPACITY"));

    @Test
    void applicationDoesNotStart() {
        fail("the application started with quarkus.kodo.reporter.queue-capacity=0");
    }
}
