package dev.kodo.samples.webhooks;

import static dev.kodo.test.KodoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.test.KodoTest;
import dev.kodo.test.RecordedRuns;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /webhooks/simulate} against a simulated subscriber that always fails and always dawdles: every
 * delivery is a failed run, at {@code send_request}, whose step took at least the configured delay.
 */
@QuarkusTest
@KodoTest
@TestProfile(MisbehavingSubscriberTest.AlwaysFailingAndSlow.class)
class MisbehavingSubscriberTest {

    private static final Duration SLOW_DELAY = Duration.ofMillis(200);

    public static class AlwaysFailingAndSlow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("webhooks.simulation.failure-rate", "1.0",
                    "webhooks.simulation.slow-rate", "1.0",
                    "webhooks.simulation.slow-delay", SLOW_DELAY.toMillis() + "ms");
        }
    }

    @TestHTTPResource("/webhooks/simulate")
    URL simulate;

    @Test
    void everySimulatedDeliveryFailsAtSendRequestAfterTheSlowDelay(RecordedRuns runs) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(simulate + "?count=3")).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"delivered\":0").contains("\"failed\":3");
        assertThat(runs.of("webhook-delivery")).hasSize(3).allSatisfy(run -> assertThat(run)
                .failedAt("send_request")
                .hasErrorOfType(WebhookDeliveryException.class)
                .hasErrorMessageContaining("answered HTTP 503")
                .step("send_request").tookAtLeast(SLOW_DELAY));
    }
}
