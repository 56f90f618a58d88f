package dev.kodo.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bin/demo}: Process Health end to end on embedded defaults. Starts kodo-server, the Spring checkout sample
 * and the Quarkus webhooks sample with traffic (failures and a few stuck runs included), a
 * {@code webhook_deliveries} table with a collector reading it; prints the dashboard's address and key; Ctrl-C
 * stops everything. Every start begins from empty data (the previous run's runs are removed); the keys are kept.
 *
 * <pre>
 * java -jar kodo-demo/target/kodo-demo.jar [--home DIR] [--server-port 7700] [--checkout-port 8080]
 *                                          [--webhooks-port 8081] [--stop-after 10m]
 * </pre>
 */
public final class Demo {

    static final String USAGE = "usage: bin/demo [--home DIR] [--server-port 7700] [--checkout-port 8080] "
            + "[--webhooks-port 8081] [--stop-after 10m]";

    /** Exit code of a command line the demo does not understand. */
    static final int USAGE_ERROR = 2;

    private Demo() {
    }

    /**
     * The command line, parsed.
     *
     * @param stopAfter how long to run before stopping by itself, or {@code null} to run until Ctrl-C
     * @param help      {@code true} when only the usage was asked for
     */
    record Options(Path home, int serverPort, int checkoutPort, int webhooksPort, Duration stopAfter, boolean help) {
    }

    /** A command line the demo does not understand; the message says which option and what it expects. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(USAGE_ERROR);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        Path home = options.home();
        DemoStack.Settings settings = new DemoStack.Settings(Path.of("").toAbsolutePath(), home, options.serverPort(),
                options.checkoutPort(), options.webhooksPort(),
                List.of("--checkout.simulation.failure-rate=0.01", "--checkout.simulation.slow-rate=0.05",
                        // About one checkout in a hundred hangs: its run is stuck after 30 s.
                        "--checkout.simulation.hang-rate=0.0025", "--checkout.simulation.hang-delay=30m",
                        "--kodo.workflows.checkout-fulfillment.stuck-after=30s"),
                Duration.ofSeconds(30), Duration.ofMillis(700), Duration.ofSeconds(2));
        DemoStack stack;
        try {
            stack = new DemoStack(settings);
        } catch (DemoException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
            return;
        }
        Traffic traffic = new Traffic();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch startReturned = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // Registered before anything starts: Ctrl-C while starting stops whatever has started by then.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("\ndemo: stopping (traffic, collector, samples, server)...");
            traffic.close();
            stack.close();
            // A part being started right now (a JVM spawned, a PostgreSQL coming up) is handed to the closed stack
            // when its start returns, and the stack stops it then: wait for that, or it would outlive the demo.
            try {
                startReturned.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("demo: stopped.");
            stopped.countDown();
        }, "demo-shutdown"));
        DemoException failed = null;
        try {
            stack.start(line -> System.out.println("demo: " + line));
        } catch (DemoException e) {
            failed = e;
        } finally {
            startReturned.countDown();
        }
        if (failed != null) {
            if (!stopping.get()) {
                // Not Ctrl-C: a part could not start (start() has stopped the others).
                System.err.println("demo: " + failed.getMessage());
                System.exit(1);
            }
            stopped.await();
            return;
        }

        traffic.orders(stack.checkoutUri(), Duration.ofMillis(400));
        if (options.webhooksPort() > 0) {
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
                The next start of the demo begins again from empty data (the keys stay the same).
                """.formatted(stack.serverUri(), stack.keys().read(), stack.keys().ingest(), stack.checkoutUri(),
                options.webhooksPort() > 0 ? stack.webhooksUri() : "(off)", home.resolve("collector"), stack.logs()));
        if (options.stopAfter() != null) {
            Thread.sleep(options.stopAfter().toMillis());
            System.exit(0);
        }
        stopped.await();
    }

    /**
     * Parses the command line.
     *
     * @throws UsageException on an unknown option or a value that does not fit its option
     */
    static Options parse(String... args) {
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
                case "--stop-after" -> stopAfter = duration(arg, required(arg, value));
                case "--help", "-h" -> {
                    return new Options(home, serverPort, checkoutPort, webhooksPort, stopAfter, true);
                }
                default -> throw new UsageException("unknown option " + arg + "; try --help");
            }
            i++;
        }
        return new Options(home, serverPort, checkoutPort, webhooksPort, stopAfter, false);
    }

    private static String required(String option, String value) {
        if (value == null || value.startsWith("--")) {
            throw new UsageException(option + " needs a value; try --help");
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
        throw new UsageException(option + " must be a port number, was \"" + value + "\"");
    }

    /** Seconds, minutes and hours, combined as in {@code 90s}, {@code 10m}, {@code 1h30m}. */
    private static Duration duration(String option, String value) {
        Duration duration = null;
        try {
            duration = Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException ignored) {
            // reported below
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new UsageException(option + " must be a positive duration in seconds, minutes or hours, such as "
                    + "90s, 10m or 1h30m; was \"" + value + "\"");
        }
        return duration;
    }
}
