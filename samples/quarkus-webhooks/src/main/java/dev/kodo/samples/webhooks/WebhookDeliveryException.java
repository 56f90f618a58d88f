package dev.kodo.samples.webhooks;

/** The subscriber could not be reached or did not answer 2xx. */
public class WebhookDeliveryException extends RuntimeException {

    private final Integer httpStatus;

    public WebhookDeliveryException(String message, Integer httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** What the subscriber answered, or {@code null} when it could not be reached. */
    public Integer httpStatus() {
        return httpStatus;
    }
}
