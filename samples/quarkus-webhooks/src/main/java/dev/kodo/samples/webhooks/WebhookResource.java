package dev.kodo.samples.webhooks;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/**
 * <pre>
 * POST /webhooks/deliveries            {"event": "invoice.paid", "payload": {...}, "target": "http://..."}
 * GET  /webhooks/deliveries            the last deliveries, newest first
 * POST /webhooks/simulate?count=50     50 deliveries of sample events to webhooks.default-target (by default
 *                                      the simulated subscriber)
 * </pre>
 */
@Path("/webhooks")
public class WebhookResource {

    private static final List<String> SAMPLE_EVENTS =
            List.of("invoice.paid", "invoice.created", "customer.updated", "subscription.renewed");

    private final WebhookDeliveryService deliveries;
    private final DeliveryLog log;
    private final WebhooksConfig config;

    public WebhookResource(WebhookDeliveryService deliveries, DeliveryLog log, WebhooksConfig config) {
        this.deliveries = deliveries;
        this.log = log;
        this.config = config;
    }

    @POST
    @Path("/deliveries")
    public Response deliver(DeliveryRequest request, @Context UriInfo uri) throws InterruptedException {
        if (request == null || request.event() == null || request.event().isBlank()) {
            return error(Response.Status.BAD_REQUEST, "the body needs an \"event\", e.g. {\"event\": \"invoice.paid\"}");
        }
        String target = request.target();
        if (target != null && !target.isBlank() && !target.matches("https?://[^/\\s]+(/\\S*)?")) {
            return error(Response.Status.BAD_REQUEST,
                    "\"target\" must be an http(s) URL such as http://127.0.0.1:8080/hook, was \"" + target + "\"");
        }
        if (target == null || target.isBlank()) {
            request = new DeliveryRequest(request.event(), request.payload(), defaultTarget(uri));
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
    public Response simulate(@QueryParam("count") @DefaultValue("20") int count, @Context UriInfo uri)
            throws InterruptedException {
        if (count < 1 || count > 10_000) {
            return error(Response.Status.BAD_REQUEST, "count must be between 1 and 10000, was " + count);
        }
        String target = defaultTarget(uri);
        int delivered = 0;
        for (int i = 0; i < count; i++) {
            String event = SAMPLE_EVENTS.get(i % SAMPLE_EVENTS.size());
            try {
                deliveries.deliver(new DeliveryRequest(event, Map.of("sequence", i), target));
                delivered++;
            } catch (WebhookDeliveryException e) {
                // Counted below; Kodo has recorded the failed run with its failing step.
            }
        }
        return Response.ok(Map.of("delivered", delivered, "failed", count - delivered)).build();
    }

    /** {@code webhooks.default-target}, else this app's simulated subscriber where the request came in. */
    private String defaultTarget(UriInfo uri) {
        return config.defaultTarget().orElseGet(() -> uri.getBaseUriBuilder().path("subscriber/events").build()
                .toString());
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
