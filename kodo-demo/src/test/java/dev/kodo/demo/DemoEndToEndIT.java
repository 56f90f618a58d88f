package dev.kodo.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kodo end to end, as {@code bin/demo} runs it: kodo-server (embedded PostgreSQL), the Spring Boot checkout sample
 * and {@code kodo collect} over a webhook_deliveries table, each in its own JVM from the jars the build produced.
 * The Process Health API must then show both workflows, the failing step and a stuck run; and a second start on
 * the same home must begin from empty data.
 */
class DemoEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void processHealthShowsTheWorkflowsTheirFailingStepAndAStuckRunAndASecondRunStartsAfresh(@TempDir Path home) throws Exception {
        DemoStack.Settings settings = new DemoStack.Settings(Path.of("..").toAbsolutePath().normalize(), home,
                freePort(), freePort(), 0,
                List.of("--checkout.simulation.failure-rate=0", "--checkout.simulation.slow-rate=0",
                        "--checkout.simulation.work-delay=5ms"),
                Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofMillis(300));

        try (DemoStack stack = DemoStack.start(settings, line -> System.out.println("it: " + line))) {
            // Twelve orders, every fourth out of stock: 9 ok, 3 failing at reserve_inventory.
            for (int i = 1; i <= 12; i++) {
                order(stack, "it-" + i, i % 4 == 0 ? "OUT-OF-STOCK" : "MUG-RED");
            }

            String read = stack.keys().read();
            JsonNode health = awaitHealth(stack.serverUri(), read, h -> {
                JsonNode checkout = workflow(h, "checkout-fulfillment");
                JsonNode table = workflow(h, "partner-webhooks");
                return checkout != null && checkout.path("runs").asInt() == 12
                        && table != null && table.path("stuck").asInt() >= 1 && table.path("failed").asInt() >= 1;
            });

            JsonNode checkout = workflow(health, "checkout-fulfillment");
            assertThat(checkout.path("ok").asInt()).isEqualTo(9);
            assertThat(checkout.path("failed").asInt()).isEqualTo(3);
            assertThat(checkout.path("completionRate").asDouble()).isEqualTo(0.75);
            assertThat(checkout.path("p95Ms").asDouble()).isPositive();
            assertThat(checkout.path("topFailingSteps").get(0).path("step").asText()).isEqualTo("reserve_inventory");
            assertThat(checkout.path("topFailingSteps").get(0).path("failures").asInt()).isEqualTo(3);

            JsonNode table = workflow(health, "partner-webhooks");
            assertThat(table.path("lost").asInt()).as("table runs are never lost").isZero();
            assertThat(table.path("topFailingSteps").get(0).path("step").asText())
                    .as("the stage column of dead rows").isEqualTo("post_to_partner");

            // The stuck run is a row that never left pending: every twentieth row of the simulated table.
            JsonNode stuck = get(stack.serverUri().resolve("/api/v1/workflows/partner-webhooks/runs?state=stuck"),
                    read);
            assertThat(stuck.path("runs").findValuesAsText("id")).contains("partner-webhooks:20");

            // A failed checkout run, drilled down to its steps.
            JsonNode failed = get(stack.serverUri().resolve(
                    "/api/v1/workflows/checkout-fulfillment/runs?state=failed"), read);
            assertThat(failed.path("total").asInt()).isEqualTo(3);
            String runId = failed.path("runs").get(0).path("id").asText();
            JsonNode run = get(stack.serverUri().resolve("/api/v1/runs/" + runId), read);
            assertThat(run.path("failedStep").asText()).isEqualTo("reserve_inventory");
            assertThat(run.path("steps").findValuesAsText("name")).containsExactly("charge_card", "reserve_inventory");
        }

        // A second run on the same home starts from empty data: only its own runs count, and the table's new rows
        // (ids from 1 again) are not mistaken for the first run's final runs of the same ids.
        Instant secondStart = Instant.now();
        try (DemoStack stack = DemoStack.start(settings, line -> System.out.println("it, second run: " + line))) {
            order(stack, "again-1", "MUG-RED");
            order(stack, "again-2", "OUT-OF-STOCK");
            String read = stack.keys().read();
            JsonNode health = awaitHealth(stack.serverUri(), read, h -> {
                JsonNode checkout = workflow(h, "checkout-fulfillment");
                JsonNode table = workflow(h, "partner-webhooks");
                return checkout != null && checkout.path("runs").asInt() >= 2
                        && table != null && table.path("failed").asInt() >= 1;
            });
            JsonNode checkout = workflow(health, "checkout-fulfillment");
            assertThat(checkout.path("ok").asInt()).as("only the second run's orders").isEqualTo(1);
            assertThat(checkout.path("failed").asInt()).isEqualTo(1);
            // Row 3 is always dead: its run must be the second run's row, not the first run's.
            JsonNode dead = get(stack.serverUri().resolve("/api/v1/runs/partner-webhooks:3"), read);
            assertThat(dead.path("status").asText()).isEqualTo("failed");
            assertThat(Instant.parse(dead.path("startedAt").asText())).isAfterOrEqualTo(secondStart.minusSeconds(1));
        }
    }

    @Test
    void stoppingWhileStartingStopsWhatHasStartedAndStartsNothingMore(@TempDir Path home) throws Exception {
        DemoStack stack = new DemoStack(new DemoStack.Settings(Path.of("..").toAbsolutePath().normalize(), home,
                freePort(), freePort(), 0, List.of(), Duration.ofSeconds(3), Duration.ofMillis(100),
                Duration.ofMillis(300)));
        // Ctrl-C as the stack starts: the shutdown hook closes it, the start then meets that at its first part.
        stack.close();

        assertThatThrownBy(() -> stack.start(line -> System.out.println("it, stopped: " + line)))
                .isInstanceOf(DemoException.class).hasMessageContaining("stopped while starting");
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList())
                .as("processes the demo left running").isEmpty();
    }

    private void order(DemoStack stack, String id, String sku) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(stack.checkoutUri().resolve("/checkout"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"sku\":\"" + sku
                        + "\",\"quantity\":1,\"amountCents\":1000}")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private JsonNode awaitHealth(URI server, String key, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health = get(server.resolve("/api/v1/health?window=1h"), key);
            if (done.test(health)) {
                return health;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Process Health did not show the expected runs within 2 minutes; last answer: "
                + health);
    }

    private JsonNode get(URI uri, String key) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode workflow(JsonNode health, String name) {
        for (JsonNode w : health.path("workflows")) {
            if (w.path("workflow").asText().equals(name)) {
                return w;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
