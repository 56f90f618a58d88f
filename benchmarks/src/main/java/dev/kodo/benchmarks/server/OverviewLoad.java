package dev.kodo.benchmarks.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Latency of the Process Health overview ({@code GET /api/v1/health}) as the dashboard calls it, against a
 * running {@code kodo-server}: one request at a time, {@code --iterations} of them after {@code --warmup}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.kodo.benchmarks.server.OverviewLoad \
 *     --url http://127.0.0.1:7700 --key $KODO_READ_KEY --window 24h --iterations 50
 * </pre>
 */
public final class OverviewLoad {

    private OverviewLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = IngestLoad.options(args);
        String url = o.getOrDefault("url", "http://127.0.0.1:7700");
        String key = IngestLoad.require(o, "key");
        String path = o.getOrDefault("path", "/api/v1/health?window=" + o.getOrDefault("window", "24h"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int iterations = Integer.parseInt(o.getOrDefault("iterations", "50"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofMinutes(1)).GET().build();
        String body = "";
        for (int i = 0; i < warmup; i++) {
            body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            body = response.body();
        }
        Arrays.sort(nanos);
        long runs = 0;
        for (String part : body.split("\"workflow\":")) {
            int at = part.indexOf("\"runs\":");
            if (at >= 0 && part.indexOf("\"series\"") > at) {
                runs += Long.parseLong(part.substring(at + 7, part.indexOf(',', at)));
            }
        }
        System.out.printf("GET %s over %d runs in the window: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d requests)%n",
                path, runs, nanos[iterations / 2] / 1e6, nanos[(int) (iterations * 0.95)] / 1e6,
                nanos[iterations - 1] / 1e6, iterations);
    }
}
