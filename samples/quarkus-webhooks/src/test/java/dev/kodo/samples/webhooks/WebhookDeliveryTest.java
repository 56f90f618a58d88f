package dev.kodo.samples.webhooks;

import static dev.kodo.test.KodoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.test.KodoTest;
import dev.kodo.test.RecordedRuns;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Real HTTP end to end: a request to the REST resource delivers a webhook over HTTP, and Kodo ships the run over
 * HTTP to a receiver on loopback, which decodes it with the wire format. {@code @KodoTest} with
 * {@link RecordedRuns} sees the same runs the application's {@code Kodo} records, without waiting for shipping.
 */
@QuarkusTest
@KodoTest
@WithTestResource(KodoReceiverResource.class)
class WebhookDeliveryTest {

    private static final Duration SHIPPING = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();

    KodoReceiver receiver;

    @TestHTTPResource("/webhooks/deliveries")
    URL deliveries;
    @TestHTTPResource("/subscriber/events")
    URL subscriber;
    @TestHTTPResource("/webhooks/simulate")
    URL simulate;

    @Test
    void deliveredWebhookIsShippedAsAnOkRunWithItsThreeSteps(RecordedRuns runs) throws Exception {
        HttpResponse<String> response = post("{\"event\": \"invoice.paid\", \"payload\": {\"invoice\": \"INV-1\"},"
                + " \"target\": \"" + subscriber + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"delivered\"");
        // This test's run: the receiver is shared by every test of the class.
        String id = runs.single("webhook-delivery").id();
        Run run = receiver.awaitEndedRun(r -> r.id().equals(id), SHIPPING);
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.steps()).extracting(Step::name)
                .containsExactly("sign_payload", "send_request", "record_delivery");
        assertThat(run.stuckAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void subscriberOutageFailsTheRunAtSendRequest(RecordedRuns runs) throws Exception {
        HttpResponse<String> response = post("{\"event\": \"invoice.paid\", \"target\": \"" + receiver.url()
                + "/down\"}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("answered HTTP 503");
        // The failure is recorded in the delivery log, a step that succeeds after the failed one.
        assertThat(runs.single("webhook-delivery"))
                .failedAt("send_request")
                .hasErrorOfType(WebhookDeliveryException.class)
                .hasErrorMessageContaining("answered HTTP 503")
                .hasStepsInOrder("sign_payload", "send_request", "record_delivery")
                .step("record_delivery").isOk();

        // The run the test kit saw is the one shipped to the server.
        String id = runs.single("webhook-delivery").id();
        Run shipped = receiver.awaitEndedRun(r -> r.id().equals(id), SHIPPING);
        assertThat(shipped).failedAt("send_request").hasErrorOfType(WebhookDeliveryException.class);
    }

    @Test
    void targetThatIsNotAnHttpUrlIsRefusedBeforeAnyRunStarts() throws Exception {
        HttpResponse<String> response = post("{\"event\": \"invoice.paid\", \"target\": \"ftp://example\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("must be an http(s) URL").contains("ftp://example");
    }

    @Test
    void runsAreShippedWithTheApiKeyUnderTheApplicationsName(RecordedRuns runs) throws Exception {
        post("{\"event\": \"customer.updated\", \"target\": \"" + subscriber + "\"}");
        String id = runs.single("webhook-delivery").id();
        receiver.awaitEndedRun(r -> r.id().equals(id), SHIPPING);

        assertThat(receiver.received()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.authorization()).isEqualTo("Bearer test-key");
            assertThat(request.body().batch().resource().service()).isEqualTo("quarkus-webhooks");
            assertThat(request.body().batch().resource().environment()).isEqualTo("local");
            assertThat(request.body().rejects()).isEmpty();
        });
    }

    @Test
    void deliveryWithoutATargetGoesToTheSimulatedSubscriberOfThisApp(RecordedRuns runs) throws Exception {
        HttpResponse<String> response = post("{\"event\": \"invoice.created\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        // The app's own address, on the random test port.
        assertThat(response.body()).contains("\"target\":\"" + subscriber + "\"")
                .contains("\"status\":\"delivered\"");
        assertThat(runs.single("webhook-delivery")).isOk();
    }

    @Test
    void simulateDeliversSampleEventsEachAsItsOwnRun(RecordedRuns runs) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(simulate + "?count=4"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        // The test profile sets both simulation rates to 0: every delivery succeeds.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"delivered\":4").contains("\"failed\":0");
        assertThat(runs.of("webhook-delivery")).hasSize(4).allSatisfy(run -> assertThat(run).isOk()
                .hasStepsInOrder("sign_payload", "send_request", "record_delivery"));
    }

    private HttpResponse<String> post(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(deliveries.toString()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
