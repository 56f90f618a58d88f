package dev.kodo.samples.checkout;

import dev.kodo.core.annotation.KodoStep;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** Where orders are marked fulfilled (a map here; your database in real life). */
@Service
public class OrderStore {

    private final Simulation simulation;
    private final Map<String, Receipt> fulfilled = new ConcurrentHashMap<>();

    public OrderStore(Simulation simulation) {
        this.simulation = simulation;
    }

    @KodoStep("mark_fulfilled")
    public Receipt markFulfilled(Order order, String chargeId, String reservationId) throws CheckoutFailedException {
        simulation.work();
        if (simulation.fails()) {
            throw new CheckoutFailedException("could not store order " + order.id(), 500);
        }
        Receipt receipt = new Receipt(order.id(), chargeId, reservationId, "fulfilled");
        fulfilled.put(order.id(), receipt);
        return receipt;
    }
}
