package dev.kodo.samples.checkout;

/** A step of the checkout could not do its work; the message says which and why. */
public class CheckoutFailedException extends Exception {

    private final int httpStatus;

    public CheckoutFailedException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the REST endpoint answers with. */
    public int httpStatus() {
        return httpStatus;
    }
}
