package dev.kodo.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void attemptsWaitBetweenHalfAndAllOfADoublingCeilingCappedAtTheMaximum() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(0, null)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(backoff.delay(3, null)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
            assertThat(backoff.delay(40, null)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void retryAfterFromTheServerIsHonoured() {
        assertThat(backoff.delay(0, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterOfZeroOrInThePastStillWaitsTheInitialDelay() {
        assertThat(backoff.delay(0, Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(5, Duration.ofSeconds(-3))).isEqualTo(Duration.ofMillis(500));
    }
}
