package dev.kodo.samples.webhooks;

import dev.kodo.core.annotation.KodoStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last deliveries, newest first; a real service would write a {@code webhook_deliveries} table here. */
@ApplicationScoped
public class DeliveryLog {

    private static final int CAPACITY = 200;

    private final Deque<Delivery> deliveries = new ArrayDeque<>();

    @KodoStep("record_delivery")
    public synchronized Delivery record(Delivery delivery) {
        if (deliveries.size() == CAPACITY) {
            deliveries.removeLast();
        }
        deliveries.addFirst(delivery);
        return delivery;
    }

    public synchronized List<Delivery> recent() {
        return new ArrayList<>(deliveries);
    }
}
