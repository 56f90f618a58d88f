package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.kodo.core.annotation.KodoStep;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ArC cannot intercept a private method, and by default fails the build for an annotated one, naming it. */
class KodoPrivateMethodTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Ledger.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .assertException(thrown -> assertThat(StartupFailures.deploymentError(thrown))
                    .contains("@KodoStep(\"post_entry\") will have no effect on method")
                    .contains(Ledger.class.getName() + ".post()")
                    .contains("because the method is private")
                    .contains("quarkus.arc.fail-on-intercepted-private-method"));

    @Test
    void applicationDoesNotBuild() {
        fail("the application built with @KodoStep on a private method");
    }

    @ApplicationScoped
    public static class Ledger {
        public void book() {
            post();
        }

        @KodoStep("post_entry")
        private void post() {
        }
    }
}
