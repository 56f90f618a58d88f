package dev.kodo.samples.checkout;

import dev.kodo.core.annotation.KodoStep;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** Tells the warehouse to pick and pack, on Spring's task executor (an {@code @Async} step). */
@Service
public class WarehouseClient {

    private final Simulation simulation;

    public WarehouseClient(Simulation simulation) {
        this.simulation = simulation;
    }

    @Async
    @KodoStep("notify_warehouse")
    public CompletableFuture<String> notifyWarehouse(Order order, String reservationId) {
        simulation.work();
        if (simulation.fails()) {
            return CompletableFuture.failedFuture(new CompletionException(
                    new CheckoutFailedException("the warehouse did not answer for order " + order.id(), 503)));
        }
        return CompletableFuture.completedFuture("pick_" + reservationId);
    }
}
