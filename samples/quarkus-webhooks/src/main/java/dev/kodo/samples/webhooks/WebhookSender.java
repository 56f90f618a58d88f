package dev.kodo.samples.webhooks;

import dev.kodo.core.annotation.KodoStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Posts a signed delivery to its subscriber. */
@ApplicationScoped
public class WebhookSender {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final WebhooksConfig config;

    public WebhookSender(WebhooksConfig config) {
        this.config = config;
    }

    /**
     * @return the subscriber's HTTP status, always 2xx
     * @throws WebhookDeliveryException when the subscriber is unreachable or answers anything else
     */
    @KodoStep("send_request")
    public int send(URI target, String body, String signature) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("X-Webhook-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WebhookDeliveryException("cannot reach " + target + ": " + e, null, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new WebhookDeliveryException("subscriber " + target + " answered HTTP " + response.statusCode(),
                    response.statusCode(), null);
        }
        return response.statusCode();
    }
}
