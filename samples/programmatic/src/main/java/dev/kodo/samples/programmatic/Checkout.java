package dev.kodo.samples.programmatic;

import dev.kodo.core.Kodo;
import java.util.Random;

/**
 * The product page's checkout-fulfillment, instrumented with the programmatic API: each step runs the code, times
 * it, records success or failure, and rethrows on error. The control flow is unchanged.
 */
public final class Checkout {

    /** An order to fulfil. */
    public record Order(String id, long cents) {
    }

    /** Thrown when the card is declined: a checked exception, passed through the step unchanged. */
    public static final class CardDeclinedException extends Exception {
        private static final long serialVersionUID = 1L;

        public CardDeclinedException(String message) {
            super(message);
        }
    }

    private final Kodo kodo;
    private final Random random;
    private final double failureRate;

    public Checkout(Kodo kodo, Random random, double failureRate) {
        this.kodo = kodo;
        this.random = random;
        this.failureRate = failureRate;
    }

    /** Fulfils one order as one run of {@code checkout-fulfillment}; returns the warehouse ticket. */
    public String fulfill(Order order) throws CardDeclinedException {
        return kodo.workflow("checkout-fulfillment", wf -> {
            wf.attribute("order.id", order.id());
            String charge = wf.step("charge_card", () -> chargeCard(order));    // throws CardDeclinedException
            wf.step("reserve_inventory", () -> reserveInventory(order));
            String ticket = wf.step("notify_warehouse", () -> notifyWarehouse(order, charge));
            wf.step("mark_fulfilled", () -> markFulfilled(order));
            return ticket;
        });
    }

    private String chargeCard(Order order) throws CardDeclinedException {
        work(8);
        if (random.nextDouble() < failureRate) {
            throw new CardDeclinedException("card declined for order " + order.id());
        }
        return "ch_" + order.id();
    }

    private void reserveInventory(Order order) {
        work(5);
        if (random.nextDouble() < failureRate / 2) {
            throw new IllegalStateException("out of stock for order " + order.id());
        }
    }

    private String notifyWarehouse(Order order, String charge) {
        work(12);
        return "ticket-" + order.id() + "-" + charge.hashCode();
    }

    private void markFulfilled(Order order) {
        work(2);
    }

    private void work(int millis) {
        try {
            Thread.sleep(1 + random.nextInt(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
