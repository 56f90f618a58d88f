package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.kodo.endpoint} falls back to {@code KODO_ENDPOINT}; a bad value there is reported as that variable's.
 * (Set here as a property of the same name, which is how SmallRye resolves the fallback.)
 */
class KodoInvalidEndpointVariableTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("KODO_ENDPOINT", "ftp://example.org")
            .assertException(thrown -> assertThat(StartupFailures.configurationError(thrown))
                    .startsWith("Invalid KODO_ENDPOINT=ftp://example.org (set in ")
                    .contains("which quarkus.kodo.endpoint falls back to")
                    .contains("must be an http(s) URL"));

    @Test
    void applicationDoesNotStart() {
        fail("the application started with KODO_ENDPOINT=ftp://example.org");
    }
}
