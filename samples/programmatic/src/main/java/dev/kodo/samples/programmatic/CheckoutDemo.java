package dev.kodo.samples.programmatic;

import dev.kodo.core.Kodo;
import dev.kodo.core.health.WorkflowHealth;
import dev.kodo.core.sink.RunSink;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;

/**
 * Runs checkout-fulfillment a number of times with some failures, then prints Process Health as this process saw
 * it. With {@code KODO_API_KEY} set the runs are also shipped to {@code KODO_ENDPOINT} (default
 * {@code http://localhost:7700}).
 *
 * <pre>
 * java -jar samples/programmatic/target/kodo-sample-programmatic.jar [runs] [failure-rate]
 * </pre>
 */
public final class CheckoutDemo {

    private CheckoutDemo() {
    }

    public static void main(String[] args) {
        int runs;
        double failureRate;
        try {
            runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
            failureRate = args.length > 1 ? Double.parseDouble(args[1]) : 0.1;
        } catch (NumberFormatException e) {
            runs = -1;
            failureRate = -1;
        }
        if (runs < 1 || failureRate < 0 || failureRate > 1) {
            System.err.println("usage: [runs] [failure-rate], e.g. 200 0.1: runs is a whole number of at least 1, "
                    + "failure-rate a probability from 0 to 1 (was: " + String.join(" ", args) + ")");
            System.exit(2);
        }
        try (Kodo kodo = Kodo.builder().fromEnvironment().service("checkout-demo").sink(RunSink.logging()).build()) {
            run(kodo, runs, failureRate, new Random(), System.out);
            kodo.flush(Duration.ofSeconds(5));
            System.out.println("reporter: " + kodo.reporterStats());
        }
    }

    /** Runs {@code runs} checkouts and prints a summary; returns the number that failed. */
    static int run(Kodo kodo, int runs, double failureRate, Random random, PrintStream out) {
        Checkout checkout = new Checkout(kodo, random, failureRate);
        int failed = 0;
        for (int i = 1; i <= runs; i++) {
            try {
                checkout.fulfill(new Checkout.Order("A-" + i, 1999));
            } catch (Checkout.CardDeclinedException | IllegalStateException e) {
                failed++;
            }
        }
        WorkflowHealth health = kodo.processHealth().workflow("checkout-fulfillment");
        out.printf(Locale.ROOT, "%n%s: %d runs, completion rate %.1f %%, p95 %.1f ms, failures by step %s%n",
                health.workflow(), health.runs(), health.completionRate() * 100, health.p95().toNanos() / 1e6,
                health.failuresByStep());
        return failed;
    }
}
