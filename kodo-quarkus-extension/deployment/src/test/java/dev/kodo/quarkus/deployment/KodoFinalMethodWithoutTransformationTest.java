package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kodo.core.annotation.KodoWorkflow;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Final methods are recorded only because ArC removes {@code final} at build time; with
 * {@code quarkus.arc.transform-unproxyable-classes=false} the build fails instead.
 */
class KodoFinalMethodWithoutTransformationTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Exports.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.arc.transform-unproxyable-classes", "false")
            .assertException(thrown -> assertThat(StartupFailures.deploymentError(thrown))
                    .contains("Intercepted methods of the bean " + Exports.class.getName()
                            + " may not be declared final"));

    @Test
    void applicationDoesNotBuild() {
        fail("the application built with a final @KodoWorkflow method and no transformation");
    }

    @ApplicationScoped
    public static class Exports {
        @KodoWorkflow("export")
        public final void export() {
        }
    }
}
