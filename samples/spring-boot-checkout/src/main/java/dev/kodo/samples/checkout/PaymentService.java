package dev.kodo.samples.checkout;

import dev.kodo.core.annotation.KodoStep;
import org.springframework.stereotype.Service;

/** Charges the customer's card with the payment provider. */
@Service
public class PaymentService {

    private final Simulation simulation;

    public PaymentService(Simulation simulation) {
        this.simulation = simulation;
    }

    @KodoStep("charge_card")
    public String charge(Order order) throws CheckoutFailedException {
        simulation.work();
        if (simulation.fails()) {
            throw new CheckoutFailedException("card declined for order " + order.id(), 402);
        }
        return "ch_" + order.id();
    }
}
