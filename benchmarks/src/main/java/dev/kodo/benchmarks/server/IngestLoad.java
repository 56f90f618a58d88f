package dev.kodo.benchmarks.server;

import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Sustained ingest against a running {@code kodo-server}: runs of 4 steps each, in gzip batches, from several
 * connections at once. Bodies are built before the clock starts, so the figure is the server's (and its
 * database's), not this generator's JSON encoding. Runs end spread over the last {@code --spread} (e.g. 24h) so
 * the same load serves the overview benchmark ({@link OverviewLoad}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.kodo.benchmarks.server.IngestLoad \
 *     --url http://127.0.0.1:7700 --key $KODO_INGEST_KEY --runs 1000000 --batch 1000 --threads 4 --spread 24h
 * </pre>
 */
public final class IngestLoad {

    private static final String[] WORKFLOWS = {"checkout-fulfillment", "webhook-delivery", "nightly-invoicing",
            "refund", "signup", "password-reset", "report-export", "inventory-sync", "payout", "email-digest"};
    private static final String[] STEPS = {"load_order", "charge_card", "reserve_inventory", "notify_warehouse"};

    private IngestLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:7700");
        String key = require(o, "key");
        int runs = Integer.parseInt(o.getOrDefault("runs", "200000"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
        int threads = Integer.parseInt(o.getOrDefault("threads", "4"));
        boolean gzip = Boolean.parseBoolean(o.getOrDefault("gzip", "true"));
        Duration spread = parseDuration(o.getOrDefault("spread", "0s"));

        System.out.printf("building %d runs in batches of %d (gzip %s, ending over the last %s)%n", runs, batch, gzip, spread);
        List<byte[]> bodies = bodies(runs, batch, spread, gzip);
        long bytes = bodies.stream().mapToLong(b -> b.length).sum();
        System.out.printf("%d bodies, %.1f MB on the wire; sending with %d connections to %s%n",
                bodies.size(), bytes / 1e6, threads, url);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI ingest = URI.create(url + WireFormat.INGEST_PATH);
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long[] latencies = new long[bodies.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(ingest)
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)));
                    if (gzip) {
                        request.header("Content-Encoding", "gzip");
                    }
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 202) {
                            failures.incrementAndGet();
                            System.err.println("HTTP " + response.statusCode() + ": " + response.body());
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                        System.err.println(e);
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        System.out.printf("ingested %d runs (%d steps) in %.1f s: %.0f runs/s, %.0f steps/s; failed requests: %d%n",
                runs, runs * 4L, seconds, runs / seconds, runs * 4 / seconds, failures.get());
        System.out.printf("request latency (batch of %d): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n", batch,
                latencies[(int) (latencies.length * 0.50)] / 1e6, latencies[(int) (latencies.length * 0.95)] / 1e6,
                latencies[Math.min(latencies.length - 1, (int) (latencies.length * 0.99))] / 1e6);
    }

    /** The request bodies: each a batch of runs of 4 steps, 1 in 20 failed at a step. */
    static List<byte[]> bodies(int runs, int batch, Duration spread, boolean gzip) {
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        Instant now = Instant.now();
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < runs; from += batch) {
            Resource resource = new Resource("load-" + (from / batch % 8), "bench", "localhost",
                    "instance-" + (from / batch % 8), "kodo-bench/1", 30_000);
            List<Run> part = new ArrayList<>(batch);
            for (int i = from; i < Math.min(runs, from + batch); i++) {
                part.add(run(random, now, spread));
            }
            byte[] json = WireFormat.encode(RunBatch.of(resource, part)).getBytes(StandardCharsets.UTF_8);
            bodies.add(gzip ? gzip(json) : json);
        }
        return bodies;
    }

    private static Run run(SplittableRandom random, Instant now, Duration spread) {
        long totalMicros = 2_000 + (long) Math.exp(8 + random.nextDouble() * 3);
        Instant endedAt = now.minusMillis(spread.isZero() ? 0 : random.nextLong(spread.toMillis()));
        Instant startedAt = endedAt.minusNanos(totalMicros * 1000);
        boolean failed = random.nextInt(20) == 0;
        int failAt = failed ? random.nextInt(STEPS.length) : -1;
        List<Step> steps = new ArrayList<>(4);
        long stepMicros = totalMicros / 4;
        ErrorInfo error = failed ? new ErrorInfo("com.example.InventoryException", "sku " + random.nextInt(1000) + " is gone") : null;
        for (int s = 0; s < STEPS.length; s++) {
            boolean stepFailed = s == failAt;
            steps.add(new Step(STEPS[s], stepFailed ? StepStatus.FAILED : StepStatus.OK,
                    startedAt.plusNanos(s * stepMicros * 1000), stepMicros * 1000, null, stepFailed ? error : null));
        }
        String id = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        return new Run(id, WORKFLOWS[random.nextInt(WORKFLOWS.length)], failed ? RunStatus.FAILED : RunStatus.OK,
                startedAt, endedAt, failed ? STEPS[failAt] : null, error, steps,
                Map.of("order.id", "A-" + random.nextInt(1_000_000)), Run.SOURCE_SDK, null, null, null);
    }

    static byte[] gzip(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 5);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs (at \"" + args[i] + "\")");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    static Duration parseDuration(String text) {
        char unit = text.charAt(text.length() - 1);
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("durations are like 30s, 15m, 24h, 7d (was " + text + ")");
        };
    }
}
