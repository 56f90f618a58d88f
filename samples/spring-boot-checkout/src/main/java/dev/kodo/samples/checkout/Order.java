package dev.kodo.samples.checkout;

/**
 * An order to fulfil.
 *
 * @param id          the order id, e.g. {@code ord_1042}
 * @param sku         the article; {@code OUT-OF-STOCK} is never in stock
 * @param quantity    how many
 * @param amountCents what the customer pays
 */
public record Order(String id, String sku, int quantity, long amountCents) {
}
