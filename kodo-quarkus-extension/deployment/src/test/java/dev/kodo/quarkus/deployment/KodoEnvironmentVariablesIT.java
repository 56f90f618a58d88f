package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without {@code quarkus.kodo.api-key}, {@code endpoint}, {@code service} or {@code environment}, the extension
 * reads {@code KODO_API_KEY}, {@code KODO_ENDPOINT}, {@code KODO_SERVICE} and {@code KODO_ENVIRONMENT}: the variables
 * core's startup line names. A {@code quarkus.kodo.*} property wins over its variable.
 *
 * <p>Run by failsafe, which sets those variables in this test's JVM only (see this module's pom.xml):
 * {@code KODO_API_KEY=k-from-env}, {@code KODO_ENDPOINT=http://127.0.0.1:9}, {@code KODO_SERVICE=service-from-env},
 * {@code KODO_ENVIRONMENT=staging-from-env}. Started without them (from an IDE, say), it is skipped.
 */
@EnabledIfEnvironmentVariable(named = "KODO_API_KEY", matches = "k-from-env")
class KodoEnvironmentVariablesIT {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.application.name", "billing-app")
            .overrideConfigKey("quarkus.kodo.environment", "production")
            // Nothing listens on port 9: nothing is sent before shutdown, which gives up quickly.
            .overrideConfigKey("quarkus.kodo.reporter.flush-interval", "1h")
            .overrideConfigKey("quarkus.kodo.reporter.shutdown-timeout", "200ms");

    @Inject
    Kodo kodo;

    @Test
    void theApiKeyEndpointAndServiceComeFromTheKodoVariables() {
        assertThat(kodo.reporterStats().enabled()).as("reporting with the key from KODO_API_KEY").isTrue();
        assertThat(kodo.reporterStats().endpoint()).isEqualTo("http://127.0.0.1:9");
        assertThat(kodo.resource().service()).isEqualTo("service-from-env");
    }

    @Test
    void aQuarkusKodoPropertyWinsOverItsVariable() {
        assertThat(kodo.resource().environment()).isEqualTo("production");
    }
}
