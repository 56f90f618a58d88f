package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.spring.testing.LoopbackIngestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

class KodoShutdownTests {

    @Test
    void closingTheContextDeliversWhatTheReporterHasQueued() {
        try (LoopbackIngestServer server = LoopbackIngestServer.start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(KodoAutoConfiguration.class))
                    .withPropertyValues("kodo.api-key=k-shutdown", "kodo.endpoint=" + server.endpoint(),
                            // Nothing would be sent before the context closes but for the shutdown flush.
                            "kodo.reporter.flush-interval=1h", "kodo.reporter.heartbeat-interval=1h")
                    .run(context -> {
                        context.getBean(Kodo.class).run("nightly-invoicing", wf -> {
                            wf.step("render_invoices", () -> "42 invoices");
                        });
                        assertThat(server.runs()).isEmpty();
                        ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
                    });

            List<Run> runs = server.runs();
            assertThat(runs).extracting(Run::workflow).containsExactly("nightly-invoicing");
            assertThat(runs.get(0).step("render_invoices")).isNotNull();
            assertThat(server.authorizations()).allMatch("Bearer k-shutdown"::equals);
        }
    }
}
