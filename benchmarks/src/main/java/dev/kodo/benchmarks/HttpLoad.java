package dev.kodo.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small closed-loop HTTP load generator, run by hand against a local application: {@code clients} threads each
 * send POSTs back to back until {@code requests} have been sent (after {@code warmup} unmeasured ones), then it
 * prints throughput and latency percentiles. Loopback only.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.kodo.benchmarks.HttpLoad \
 *      http://localhost:8080/webhooks/deliveries '{"event":"invoice.paid"}' 20000 4 2000
 * </pre>
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: HttpLoad <url> <json body> <requests> <clients> [warmup requests]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        if (!uri.getHost().equals("localhost") && !uri.getHost().startsWith("127.")) {
            throw new IllegalArgumentException("HttpLoad only targets loopback, was " + uri.getHost());
        }
        String body = args[1];
        int requests = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : requests / 10;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

        run(http, request, warmup, clients, new long[warmup]);
        long[] latencies = new long[requests];
        long start = System.nanoTime();
        int errors = run(http, request, requests, clients, latencies);
        double seconds = (System.nanoTime() - start) / 1e9;

        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%d requests, %d clients, %d non-2xx: %.0f req/s, p50 %.3f ms, p99 %.3f ms%n",
                requests, clients, errors, requests / seconds, latencies[requests / 2] / 1e6,
                latencies[(int) (requests * 0.99)] / 1e6);
    }

    private static int run(HttpClient http, HttpRequest request, int count, int clients, long[] latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            Future<?>[] workers = new Future<?>[clients];
            for (int c = 0; c < clients; c++) {
                workers[c] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() / 100 != 2) {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        return errors.get();
    }
}
