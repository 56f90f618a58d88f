package dev.kodo.samples.webhooks;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * <pre>
 * POST /webhooks/deliveries            {"event": "invoice.paid", "payload": {...}, "target": "http://..."}
 * GET  /webhooks/deliveries            the last deliveries, newest first
 * POST /webhooks/simulate?count=50     50 deliveries of sample events to the simulated subscriber
 * </pre>
 */
@Path("/webhooks")
public class WebhookResource {

    private static final List<String> SAMPLE_EVENTS =
            List.of("invoice.paid", "invoice.created", "customer.updated", "subscription.renewed");

    private final WebhookDeliveryService deliveries;
    private final DeliveryLog log;

    public WebhookResource(WebhookDeliveryService deliveries, DeliveryLog log) {
        this.deliveries = deliveries;
        this.log = log;
    }

    @POST
    @Path("/deliveries")
    public Response deliver(DeliveryRequest request) throws InterruptedException {
        if (request == null || request.event() == null || request.event().isBlank()) {
            return error(Response.Status.BAD_REQUEST, "the body needs an \"event\", e.g. {\"event\": \"invoice.paid\"}");
        }
        String target = request.target();
        if (target != null && !target.isBlank() && !target.matches("https?://[^/\\s]+(/\\S*)?")) {
            return error(Response.Status.BAD_REQUEST,
                    "\"target\" must be an http(s) URL such as http://127.0.0.1:8080/hook, was \"" + target + "\"");
        }
        try {
            return Response.ok(deliveries.deliver(request)).build();
        } catch (WebhookDeliveryException e) {
            return error(Response.Status.BAD_GATEWAY, e.getMessage());
        }
    }

    @GET
    @Path("/deliveries")
    public List<Delivery> recent() {
        return log.recent();
    }

    @POST
    @Path("/simulate")
    public Response simulate(@QueryParam("count") @DefaultValue("20") int count) throws InterruptedException {
        if (count < 1 || count > 10_000) {
            return error(Response.Status.BAD_REQUEST, "count must be between 1 and 10000, was " + count);
        }
        int delivered = 0;
        for (int i = 0; i < count; i++) {
            String event = SAMPLE_EVENTS.get(i % SAMPLE_EVENTS.size());
            try {
                deliveries.deliver(new DeliveryRequest(event, Map.of("sequence", i), null));
                delivered++;
            } catch (WebhookDeliveryException e) {
                // Counted below; Kodo has recorded the failed run with its failing step.
            }
        }
        return Response.ok(Map.of("delivered", delivered, "failed", count - delivered)).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
