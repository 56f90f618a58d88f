package dev.kodo.samples.webhooks;

/**
 * The outcome of one delivery, as the delivery log keeps it.
 *
 * @param status     {@code delivered} or {@code failed}
 * @param httpStatus what the subscriber answered, or {@code null} when it could not be reached
 * @param error      why it failed, or {@code null}
 */
public record Delivery(String id, String event, String target, String status, Integer httpStatus, String error,
                       String at) {
}
