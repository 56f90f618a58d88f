package dev.kodo.samples.checkout;

import dev.kodo.core.annotation.KodoWorkflow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.stereotype.Service;

/**
 * The checkout-fulfillment workflow. Each call is one run; the {@code @KodoStep} methods it calls on the other
 * services are its steps, in the order they ran.
 */
@Service
public class CheckoutService {

    private final PaymentService payments;
    private final InventoryService inventory;
    private final WarehouseClient warehouse;
    private final OrderStore orders;

    public CheckoutService(PaymentService payments, InventoryService inventory, WarehouseClient warehouse,
                           OrderStore orders) {
        this.payments = payments;
        this.inventory = inventory;
        this.warehouse = warehouse;
        this.orders = orders;
    }

    @KodoWorkflow("checkout-fulfillment")
    public Receipt fulfill(Order order) throws CheckoutFailedException {
        String charge = payments.charge(order);
        String reservation = inventory.reserve(order);
        try {
            warehouse.notifyWarehouse(order, reservation).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CheckoutFailedException failed) {
                throw failed;
            }
            throw e;
        }
        return orders.markFulfilled(order, charge, reservation);
    }

    /**
     * The same workflow without blocking the caller: the run ends when the returned future completes.
     */
    @KodoWorkflow("checkout-fulfillment")
    public CompletableFuture<Receipt> fulfillAsync(Order order) throws CheckoutFailedException {
        String charge = payments.charge(order);
        return inventory.reserveAsync(order)
                .thenCompose(reservation -> warehouse.notifyWarehouse(order, reservation)
                        .thenApply(pickList -> store(order, charge, reservation)));
    }

    private Receipt store(Order order, String charge, String reservation) {
        try {
            return orders.markFulfilled(order, charge, reservation);
        } catch (CheckoutFailedException e) {
            throw new CompletionException(e);
        }
    }
}
