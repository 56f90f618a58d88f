package dev.kodo.samples.checkout;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the sample's fake payment provider, inventory and warehouse behave, so that the dashboard has failures and
 * slow runs to show: {@code checkout.simulation.*} in {@code application.yml}.
 */
@ConfigurationProperties("checkout.simulation")
public class Simulation {

    /** Probability (0 to 1) that a step fails. */
    private double failureRate = 0.05;

    /** Probability (0 to 1) that a step is slow. */
    private double slowRate = 0.1;

    /** How long a slow step takes. */
    private Duration slowDelay = Duration.ofSeconds(2);

    /** How long every step works. */
    private Duration workDelay = Duration.ofMillis(20);

    /** Probability (0 to 1) that a step hangs, so that its run becomes stuck. */
    private double hangRate = 0;

    /** How long a hanging step takes: long enough to cross the workflow's stuck-after. */
    private Duration hangDelay = Duration.ofMinutes(30);

    public double getFailureRate() {
        return failureRate;
    }

    public void setFailureRate(double failureRate) {
        this.failureRate = failureRate;
    }

    public double getSlowRate() {
        return slowRate;
    }

    public void setSlowRate(double slowRate) {
        this.slowRate = slowRate;
    }

    public Duration getSlowDelay() {
        return slowDelay;
    }

    public void setSlowDelay(Duration slowDelay) {
        this.slowDelay = slowDelay;
    }

    public Duration getWorkDelay() {
        return workDelay;
    }

    public void setWorkDelay(Duration workDelay) {
        this.workDelay = workDelay;
    }

    public double getHangRate() {
        return hangRate;
    }

    public void setHangRate(double hangRate) {
        this.hangRate = hangRate;
    }

    public Duration getHangDelay() {
        return hangDelay;
    }

    public void setHangDelay(Duration hangDelay) {
        this.hangDelay = hangDelay;
    }

    /** Does the work of a step: takes the work delay, the slow delay now and then, and rarely hangs. */
    void work() {
        double draw = ThreadLocalRandom.current().nextDouble();
        Duration delay = draw < hangRate ? hangDelay : draw < hangRate + slowRate ? slowDelay : workDelay;
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether this call of a step fails. */
    boolean fails() {
        return ThreadLocalRandom.current().nextDouble() < failureRate;
    }
}
