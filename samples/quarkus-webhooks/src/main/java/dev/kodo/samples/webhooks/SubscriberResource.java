package dev.kodo.samples.webhooks;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stand-in subscriber that misbehaves at the configured rates: it answers HTTP 503 to a share of events
 * ({@code webhooks.simulation.failure-rate}) and takes its time with another ({@code slow-rate}, {@code slow-delay}).
 * It checks the signature like a real subscriber would.
 */
@Path("/subscriber/events")
public class SubscriberResource {

    private final WebhooksConfig config;
    private final PayloadSigner signer;

    public SubscriberResource(WebhooksConfig config, PayloadSigner signer) {
        this.config = config;
        this.signer = signer;
    }

    @POST
    public Response receive(String body, @HeaderParam("X-Webhook-Signature") String signature)
            throws InterruptedException {
        if (!signer.verify(body, signature)) {
            return Response.status(Response.Status.UNAUTHORIZED).entity("bad signature").build();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        WebhooksConfig.Simulation simulation = config.simulation();
        if (random.nextDouble() < simulation.slowRate()) {
            Thread.sleep(simulation.slowDelay().toMillis());
        }
        if (random.nextDouble() < simulation.failureRate()) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity("try again later").build();
        }
        return Response.noContent().build();
    }
}
