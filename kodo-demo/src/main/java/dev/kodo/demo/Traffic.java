package dev.kodo.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Orders for the checkout sample and webhook bursts for the webhooks sample, until closed. */
final class Traffic implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "demo-traffic");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong orders = new AtomicLong();

    /** Sends an order every {@code every}; about one in twenty is for a product that is out of stock. */
    void orders(URI checkout, Duration every) {
        scheduler.scheduleAtFixedRate(() -> {
            long n = orders.incrementAndGet();
            String sku = ThreadLocalRandom.current().nextInt(20) == 0 ? "OUT-OF-STOCK" : "MUG-RED";
            String body = "{\"id\":\"demo-" + n + "\",\"sku\":\"" + sku + "\",\"quantity\":1,\"amountCents\":2400}";
            post(checkout.resolve("/checkout"), body);
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks the webhooks sample to deliver {@code count} events every {@code every}. */
    void webhooks(URI webhooks, int count, Duration every) {
        scheduler.scheduleAtFixedRate(() -> post(webhooks.resolve("/webhooks/simulate?count=" + count), ""),
                0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void post(URI uri, String json) {
        // Fire and forget: a hanging checkout (a stuck run in the making) must not hold up the next order.
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
