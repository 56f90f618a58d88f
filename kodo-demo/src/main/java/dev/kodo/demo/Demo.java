package dev.kodo.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/demo}: Process Health end to end on embedded defaults. Starts kodo-server, the Spring checkout sample
 * and the Quarkus webhooks sample with traffic (failures and a few stuck runs included), a
 * {@code webhook_deliveries} table with a collector reading it; prints the dashboard's address and key; Ctrl-C
 * stops everything.
 *
 * <pre>
 * java -jar kodo-demo/target/kodo-demo.jar [--home DIR] [--server-port 7700] [--checkout-port 8080]
 *                                          [--webhooks-port 8081] [--stop-after 10m]
 * </pre>
 */
public final class Demo {

    private Demo() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(System.getProperty("user.home"), ".kodo", "demo");
        int serverPort = 7700;
        int checkoutPort = 8080;
        int webhooksPort = 8081;
        Duration stopAfter = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--home" -> home = Path.of(required(arg, value));
                case "--server-port" -> serverPort = port(arg, required(arg, value));
                case "--checkout-port" -> checkoutPort = port(arg, required(arg, value));
                case "--webhooks-port" -> webhooksPort = port(arg, required(arg, value));
                case "--stop-after" -> stopAfter = Duration.parse("PT" + required(arg, value).toUpperCase());
                case "--help", "-h" -> {
                    System.out.println("usage: bin/demo [--home DIR] [--server-port 7700] [--checkout-port 8080] "
                            + "[--webhooks-port 8081] [--stop-after 10m]");
                    return;
                }
                default -> fail("unknown option " + arg + "; try --help");
            }
            i++;
        }

        DemoStack.Settings settings = new DemoStack.Settings(Path.of("").toAbsolutePath(), home, serverPort,
                checkoutPort, webhooksPort,
                List.of("--checkout.simulation.failure-rate=0.01", "--checkout.simulation.slow-rate=0.05",
                        // About one checkout in a hundred hangs: its run is stuck after 30 s.
                        "--checkout.simulation.hang-rate=0.0025", "--checkout.simulation.hang-delay=30m",
                        "--kodo.workflows.checkout-fulfillment.stuck-after=30s"),
                Duration.ofSeconds(30), Duration.ofMillis(700), Duration.ofSeconds(2));
        DemoStack stack;
        try {
            stack = DemoStack.start(settings, line -> System.out.println("demo: " + line));
        } catch (DemoException e) {
            fail(e.getMessage());
            return;
        }
        Traffic traffic = new Traffic();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\ndemo: stopping (traffic, collector, samples, server)...");
            traffic.close();
            stack.close();
            System.out.println("demo: stopped.");
            stopped.countDown();
        }, "demo-shutdown"));

        traffic.orders(stack.checkoutUri(), Duration.ofMillis(400));
        if (webhooksPort > 0) {
            traffic.webhooks(stack.webhooksUri(), 4, Duration.ofSeconds(3));
        }
        System.out.println("""

                Kodo demo is running.

                  Dashboard        %s/
                  Read key         %s   (the page asks for it once)
                  Ingest key       %s   (KODO_API_KEY for your own apps)

                  checkout-fulfillment   Spring Boot sample   %s   POST /checkout, /actuator/kodo
                  webhook-delivery       Quarkus sample       %s   POST /webhooks/deliveries
                  partner-webhooks       kodo collect over the webhook_deliveries table (kodo.yaml in %s)

                  Logs: %s
                Failures show up at once; stuck runs after 30 s. Ctrl-C stops everything.
                """.formatted(stack.serverUri(), stack.keys().read(), stack.keys().ingest(), stack.checkoutUri(),
                webhooksPort > 0 ? stack.webhooksUri() : "(off)", home.resolve("collector"), stack.logs()));
        if (stopAfter != null) {
            Thread.sleep(stopAfter.toMillis());
            System.exit(0);
        }
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            fail(option + " needs a value; try --help");
        }
        return value;
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail(option + " must be a port number, was \"" + value + "\"");
        return -1;
    }

    private static void fail(String message) {
        System.err.println("demo: " + message);
        System.exit(1);
    }
}
