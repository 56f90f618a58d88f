package dev.kodo.samples.checkout;

import dev.kodo.core.annotation.KodoStep;
import java.util.concurrent.CompletableFuture;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

/** Reserves the ordered articles in stock. */
@Service
public class InventoryService {

    private final Simulation simulation;

    public InventoryService(Simulation simulation) {
        this.simulation = simulation;
    }

    @KodoStep("reserve_inventory")
    public String reserve(Order order) throws CheckoutFailedException {
        simulation.work();
        if ("OUT-OF-STOCK".equals(order.sku()) || simulation.fails()) {
            throw new CheckoutFailedException(order.sku() + " is out of stock", 409);
        }
        return "res_" + order.id();
    }

    /** The same step on Spring's task executor; the starter carries the run over to it. */
    @Async
    @KodoStep("reserve_inventory")
    public CompletableFuture<String> reserveAsync(Order order) throws CheckoutFailedException {
        return CompletableFuture.completedFuture(reserve(order));
    }
}
