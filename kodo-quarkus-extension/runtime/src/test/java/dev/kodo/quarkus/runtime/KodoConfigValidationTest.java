package dev.kodo.quarkus.runtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Every value core would reject is reported under the property it was set with, before core sees it. The mapping is
 * bound by SmallRye Config as Quarkus binds it; the application-level tests (a failing start) are in the
 * deployment module.
 */
class KodoConfigValidationTest {

    private static final String SET_IN_TEST = "(set in PropertiesConfigSource[source=test.properties]";

    @Test
    void theDefaultsAreValid() {
        assertThatCode(() -> validate(Map.of())).doesNotThrowAnyException();
    }

    @Test
    void aWorkflowsStuckAfterIsNamedAsItWasWritten() {
        invalid(Map.of("quarkus.kodo.workflows.checkout.stuck-after", "0s"))
                .hasMessageStartingWith("Invalid quarkus.kodo.workflows.checkout.stuck-after=0s " + SET_IN_TEST)
                .hasMessageContaining("must be a positive duration")
                .hasMessageContaining("QUARKUS_KODO_WORKFLOWS_CHECKOUT_STUCK_AFTER");
        invalid(Map.of("quarkus.kodo.workflows.\"nightly.invoicing\".stuck-after", "-1m"))
                .hasMessageStartingWith("Invalid quarkus.kodo.workflows.\"nightly.invoicing\".stuck-after=-1m");
    }

    @Test
    void everyReporterSettingIsNamedByItsProperty() {
        for (String property : new String[] {"stuck-after", "reporter.flush-interval", "reporter.heartbeat-interval",
                "reporter.shutdown-timeout", "reporter.max-retry-time", "reporter.request-timeout"}) {
            invalid(Map.of("quarkus.kodo." + property, "0s"))
                    .hasMessageStartingWith("Invalid quarkus.kodo." + property + "=0s " + SET_IN_TEST);
        }
        for (String property : new String[] {"reporter.queue-capacity", "reporter.batch-size"}) {
            invalid(Map.of("quarkus.kodo." + property, "0"))
                    .hasMessageStartingWith("Invalid quarkus.kodo." + property + "=0 ")
                    .hasMessageContaining("must be at least 1");
        }
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIsNamed() {
        invalid(Map.of("quarkus.kodo.endpoint", "localhost:7700"))
                .hasMessageStartingWith("Invalid quarkus.kodo.endpoint=localhost:7700 ")
                .hasMessageContaining("must be an http(s) URL");
    }

    @Test
    void aBadKodoEndpointIsReportedAsTheVariableTheEndpointFellBackTo() {
        invalid(Map.of("KODO_ENDPOINT", "ftp://example.org"))
                .hasMessageStartingWith("Invalid KODO_ENDPOINT=ftp://example.org " + SET_IN_TEST)
                .hasMessageContaining("which quarkus.kodo.endpoint falls back to")
                .hasMessageContaining("must be an http(s) URL");
        assertThatCode(() -> validate(Map.of("KODO_ENDPOINT", "ftp://example.org",
                "quarkus.kodo.endpoint", "http://127.0.0.1:7700"))).doesNotThrowAnyException();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> invalid(Map<String, String> properties) {
        return assertThatThrownBy(() -> validate(properties)).isInstanceOf(ConfigurationException.class);
    }

    private static void validate(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()   // expands ${KODO_ENDPOINT:...}, as in Quarkus
                .withMapping(KodoRuntimeConfig.class)
                // Quarkus' durations: 30s, 10m, PT10M.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test.properties", 250))
                .build();
        KodoConfigValidation.validate(config.getConfigMapping(KodoRuntimeConfig.class), config);
    }
}
