package dev.kodo.samples.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code webhooks.*}: where deliveries go, how they are signed, and how badly the simulated subscriber behaves. */
@ConfigMapping(prefix = "webhooks")
public interface WebhooksConfig {

    /** The HMAC-SHA256 key deliveries are signed with; subscribers verify the {@code X-Webhook-Signature}. */
    String signingSecret();

    /**
     * Where a delivery goes when the request names no target. Unset, it goes to this app's simulated subscriber,
     * at the address the request came in on (so also on a random test port).
     */
    Optional<String> defaultTarget();

    /** How long the subscriber may take to answer. */
    @WithDefault("5s")
    Duration requestTimeout();

    /** How the simulated subscriber ({@code POST /subscriber/events}) misbehaves. */
    Simulation simulation();

    interface Simulation {

        /** Share of events the subscriber answers with HTTP 503, from 0 to 1. */
        @WithDefault("0.1")
        double failureRate();

        /** Share of events the subscriber answers only after {@link #slowDelay()}, from 0 to 1. */
        @WithDefault("0.05")
        double slowRate();

        /** How long a slow answer takes. */
        @WithDefault("3s")
        Duration slowDelay();
    }
}
