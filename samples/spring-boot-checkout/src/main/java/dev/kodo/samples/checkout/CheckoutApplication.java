package dev.kodo.samples.checkout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * A shop's checkout: {@code POST /checkout} runs the checkout-fulfillment workflow. Nothing here knows Kodo beyond
 * the annotations on the services; the starter and {@code application.yml} do the rest.
 */
@SpringBootApplication
@EnableAsync
@EnableConfigurationProperties(Simulation.class)
public class CheckoutApplication {

    public static void main(String[] args) {
        SpringApplication.run(CheckoutApplication.class, args);
    }
}
