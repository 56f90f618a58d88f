package dev.kodo.samples.checkout;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /checkout} fulfils an order and answers with its receipt; {@code POST /checkout/async} does the same
 * without holding a request thread.
 *
 * <pre>
 * curl -s localhost:8080/checkout -H 'Content-Type: application/json' \
 *      -d '{"id":"ord_1042","sku":"MUG-RED","quantity":2,"amountCents":2400}'
 * </pre>
 */
@RestController
public class CheckoutController {

    private final CheckoutService checkout;

    public CheckoutController(CheckoutService checkout) {
        this.checkout = checkout;
    }

    @PostMapping("/checkout")
    public Receipt checkout(@RequestBody Order order) throws CheckoutFailedException {
        return checkout.fulfill(order);
    }

    @PostMapping("/checkout/async")
    public CompletableFuture<Receipt> checkoutAsync(@RequestBody Order order) throws CheckoutFailedException {
        return checkout.fulfillAsync(order);
    }

    @ExceptionHandler(CheckoutFailedException.class)
    ResponseEntity<Map<String, String>> failed(CheckoutFailedException e) {
        return ResponseEntity.status(e.httpStatus()).body(Map.of("error", e.getMessage()));
    }
}
