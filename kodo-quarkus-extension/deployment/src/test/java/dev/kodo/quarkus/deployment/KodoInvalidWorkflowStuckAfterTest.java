package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A per-workflow stuck-after Kodo cannot use is reported under its own property, not the application-wide one. */
class KodoInvalidWorkflowStuckAfterTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.kodo.workflows.\"x\".stuck-after", "0s")
            .assertException(thrown -> assertThat(StartupFailures.configurationError(thrown))
                    .startsWith("Invalid quarkus.kodo.workflows.\"x\".stuck-after=0s (set in ")
                    .containsPattern("application\\.properties\\]?:\\d+")
                    .contains("must be a positive duration")
                    .contains("QUARKUS_KODO_WORKFLOWS__X__STUCK_AFTER")
                    .doesNotContain("quarkus.kodo.stuck-after"));

    @Test
    void applicationDoesNotStart() {
        fail("the application started with quarkus.kodo.workflows.\"x\".stuck-after=0s");
    }
}
