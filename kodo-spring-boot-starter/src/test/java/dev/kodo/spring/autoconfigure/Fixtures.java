package dev.kodo.spring.autoconfigure;

import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Plain beans annotated the way a user annotates existing services. */
final class Fixtures {

    private Fixtures() {
    }

    public static class PaymentDeclinedException extends Exception {
        public PaymentDeclinedException(String message) {
            super(message);
        }
    }

    public static class Payments {
        @KodoStep("charge_card")
        public String charge(String order) throws PaymentDeclinedException {
            if (order.startsWith("declined")) {
                throw new PaymentDeclinedException("card declined for " + order);
            }
            return "charge-" + order;
        }
    }

    /** Every public method a step, named after the method. */
    @KodoStep
    public static class Inventory {
        public void reserveInventory(String order) {
        }
    }

    /** The annotation sits on the interface only. */
    public interface Warehouse {
        @KodoStep("notify_warehouse")
        void notifyWarehouse(String order);
    }

    public static class HttpWarehouse implements Warehouse {
        @Override
        public void notifyWarehouse(String order) {
        }
    }

    public static class Checkout {
        private final Payments payments;
        private final Inventory inventory;
        private final Warehouse warehouse;

        public Checkout(Payments payments, Inventory inventory, Warehouse warehouse) {
            this.payments = payments;
            this.inventory = inventory;
            this.warehouse = warehouse;
        }

        @KodoWorkflow("checkout-fulfillment")
        public String fulfill(String order) throws PaymentDeclinedException {
            String charge = payments.charge(order);
            inventory.reserveInventory(order);
            warehouse.notifyWarehouse(order);
            markFulfilled(order);
            return charge;
        }

        /** Self-invocation: Spring proxies do not see this call. */
        @KodoStep("mark_fulfilled")
        public void markFulfilled(String order) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CheckoutConfiguration {
        @Bean
        Payments payments() {
            return new Payments();
        }

        @Bean
        Inventory inventory() {
            return new Inventory();
        }

        @Bean
        Warehouse warehouse() {
            return new HttpWarehouse();
        }

        @Bean
        Checkout checkout(Payments payments, Inventory inventory, Warehouse warehouse) {
            return new Checkout(payments, inventory, warehouse);
        }

        @Bean
        InMemoryRunSink runs() {
            return RunSink.inMemory();
        }
    }
}
