package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.QuarkusDevModeTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Dev UI card's JSON-RPC methods, called over the Dev UI's WebSocket in a running dev-mode application that
 * ran one ok and one failed {@code nightly-export} at startup.
 */
public class KodoDevUiJsonRpcTest extends DevUIJsonRPCTest {

    @RegisterExtension
    static final QuarkusDevModeTest APP = new QuarkusDevModeTest()
            .withApplicationRoot(root -> root.addClasses(Exports.class)
                    .addAsResource(new StringAsset("quarkus.http.port=0\n"),
                            "application.properties"))
            .setLogRecordPredicate(record -> "io.quarkus".equals(record.getLoggerName()));

    public KodoDevUiJsonRpcTest() {
        // The port is not known yet: the application starts before each test, after this constructor.
        super("dev.kodo.kodo-quarkus", "http://localhost");
    }

    /** Points the client at the random port, known from the startup log only: the test runs outside the app. */
    @BeforeEach
    void connectToTheRunningApplication() throws URISyntaxException {
        Pattern listening = Pattern.compile("Listening on: (http://\\S+)");
        URI app = URI.create(APP.getLogRecords().stream()
                .map(record -> listening.matcher(((ExtLogRecord) record).getFormattedMessage()))
                .filter(Matcher::find).map(matcher -> matcher.group(1))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no 'Listening on' in the startup log")));
        uri = new URI(uri.getScheme(), null, app.getHost(), app.getPort(), uri.getPath(), null, null);
    }

    /** One test method: a dev-mode application starts anew for each. */
    @Test
    void cardShowsEachWorkflowsRunsOutcomesAndLatestFailureWithItsStep() throws Exception {
        assertThat(executeJsonRPCMethod(String.class, "getWorkflowCount")).isEqualTo("1");

        JsonNode workflows = executeJsonRPCMethod("getWorkflows");

        assertThat(workflows).hasSize(1);
        JsonNode row = workflows.get(0);
        assertThat(row.get("workflow").asText()).isEqualTo("nightly-export");
        assertThat(row.get("runs").asLong()).isEqualTo(2);
        assertThat(row.get("ok").asLong()).isEqualTo(1);
        assertThat(row.get("failed").asLong()).isEqualTo(1);
        assertThat(row.get("completionRate").asDouble()).isEqualTo(0.5);
        assertThat(row.get("recentFailures")).hasSize(1);
        assertThat(row.get("recentFailures").get(0).get("failedStep").asText()).isEqualTo("upload");
    }

    @ApplicationScoped
    public static class Exports {
        void runTwiceAtStartup(@Observes StartupEvent event, Exports self) {
            self.export(false);
            try {
                self.export(true);
            } catch (IllegalStateException expected) {
                // The failed run is what the card shows.
            }
        }

        @KodoWorkflow("nightly-export")
        public void export(boolean bucketDown) {
            upload(bucketDown);
        }

        @KodoStep
        public void upload(boolean bucketDown) {
            if (bucketDown) {
                throw new IllegalStateException("bucket down");
            }
        }
    }
}
