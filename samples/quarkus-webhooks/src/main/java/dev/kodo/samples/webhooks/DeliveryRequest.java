package dev.kodo.samples.webhooks;

import java.util.Map;

/**
 * A webhook to deliver.
 *
 * @param event   the event type, e.g. {@code invoice.paid}
 * @param payload the event's data, sent as JSON
 * @param target  the subscriber's URL; {@code null} for {@code webhooks.default-target}
 */
public record DeliveryRequest(String event, Map<String, Object> payload, String target) {
}
