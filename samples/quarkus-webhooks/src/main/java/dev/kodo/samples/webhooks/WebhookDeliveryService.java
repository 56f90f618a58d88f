package dev.kodo.samples.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kodo.core.annotation.KodoWorkflow;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers one webhook: sign the payload, send it, record the outcome. Kodo sees each call as one run of
 * {@code webhook-delivery} with the steps {@code sign_payload}, {@code send_request} and {@code record_delivery},
 * from the annotations alone.
 */
@ApplicationScoped
public class WebhookDeliveryService {

    private final PayloadSigner signer;
    private final WebhookSender sender;
    private final DeliveryLog log;
    private final ObjectMapper json;

    public WebhookDeliveryService(PayloadSigner signer, WebhookSender sender, DeliveryLog log, ObjectMapper json) {
        this.signer = signer;
        this.sender = sender;
        this.log = log;
        this.json = json;
    }

    /**
     * @param request what to deliver, and to which {@code target} URL
     * @throws WebhookDeliveryException when the subscriber did not take it; the failure is recorded first
     */
    @KodoWorkflow(value = "webhook-delivery", stuckAfter = "2m")
    public Delivery deliver(DeliveryRequest request) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        String target = request.target();
        String body = body(id, request);
        String signature = signer.sign(body);
        try {
            int status = sender.send(URI.create(target), body, signature);
            return log.record(new Delivery(id, request.event(), target, "delivered", status, null, now()));
        } catch (WebhookDeliveryException e) {
            // Recording the failure is a step that succeeds; the run still fails, at send_request.
            log.record(new Delivery(id, request.event(), target, "failed", e.httpStatus(), e.getMessage(), now()));
            throw e;
        }
    }

    private String body(String id, DeliveryRequest request) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("event", request.event());
        envelope.put("createdAt", now());
        envelope.put("payload", request.payload() == null ? Map.of() : request.payload());
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String now() {
        return Instant.now().toString();
    }
}
