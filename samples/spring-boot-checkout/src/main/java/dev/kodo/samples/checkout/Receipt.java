package dev.kodo.samples.checkout;

/** What the customer gets back once the order is fulfilled. */
public record Receipt(String orderId, String chargeId, String reservationId, String status) {
}
