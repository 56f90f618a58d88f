package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import dev.kodo.core.sink.RunSinkProvider;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link RunSinkProvider} of the application (as kodo-test registers one) adds its sink to the application's
 * Kodo, although kodo-core, which looks for providers itself, lives in a class loader that cannot see the
 * application's.
 */
class KodoRunSinkProviderTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(ApplicationSinkProvider.class)
                    .addAsResource(new StringAsset(ApplicationSinkProvider.class.getName()),
                            "META-INF/services/" + RunSinkProvider.class.getName()))
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    Kodo kodo;

    @Test
    void theSinkOfAnApplicationsProviderReceivesEachRunOnce() {
        assertThat(Kodo.class.getClassLoader()).as("core's class loader")
                .isNotSameAs(ApplicationSinkProvider.class.getClassLoader());

        kodo.run("nightly-invoicing", wf -> wf.step("render_invoices", () -> 42));

        assertThat(ApplicationSinkProvider.SINK.runs()).extracting(Run::workflow)
                .containsExactly("nightly-invoicing");
    }

    public static class ApplicationSinkProvider implements RunSinkProvider {
        static final InMemoryRunSink SINK = RunSink.inMemory();

        @Override
        public RunSink sink() {
            return SINK;
        }
    }
}
