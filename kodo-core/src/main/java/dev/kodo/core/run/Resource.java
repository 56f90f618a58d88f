package dev.kodo.core.run;

import java.net.InetAddress;
import java.util.Objects;
import java.util.UUID;

/**
 * Who sends the runs: one per process. The server uses {@link #instance()} to tell processes apart: a run
 * still running whose instance stopped sending heartbeats is declared lost.
 *
 * @param service             the service name, e.g. {@code checkout-service}
 * @param environment         e.g. {@code production}; may be {@code null}
 * @param host                the host name
 * @param instance            a new random id for every process start
 * @param sdk                 the sender and its version, e.g. {@code kodo-java/0.1.0}
 * @param heartbeatIntervalMs how often this sender reports itself alive, in milliseconds; {@code 0} when it sends
 *                            no heartbeats (the collector)
 */
public record Resource(String service, String environment, String host, String instance, String sdk,
                       long heartbeatIntervalMs) {

    /** The service name used when none is configured. */
    public static final String UNKNOWN_SERVICE = "unknown_service:java";

    public Resource {
        service = service == null || service.isBlank() ? UNKNOWN_SERVICE : service;
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(sdk, "sdk");
    }

    /**
     * A resource for this process: the local host name and a fresh instance id.
     *
     * @param sdk e.g. {@code kodo-java/0.1.0} or {@code kodo-collector/0.1.0}
     */
    public static Resource forThisProcess(String service, String environment, String sdk, long heartbeatIntervalMs) {
        return new Resource(service, environment, hostName(), UUID.randomUUID().toString(), sdk,
                heartbeatIntervalMs);
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
