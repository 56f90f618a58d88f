package dev.kodo.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggingRunSinkTest {

    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void aFailedRunIsDescribedByItsFailingStepAndError() {
        Run run = new Run("abc", "checkout-fulfillment", RunStatus.FAILED, T, T.plusMillis(12), "charge_card",
                new ErrorInfo("com.example.CardDeclinedException", "insufficient funds"), List.of(), Map.of(), null,
                null, null, null);
        assertThat(LoggingRunSink.describe(run)).isEqualTo("checkout-fulfillment FAILED at charge_card in 12.0 ms: "
                + "CardDeclinedException: insufficient funds (run abc)");
    }

    @Test
    void anOkRunIsDescribedByItsDurationAndSteps() {
        Run run = new Run("abc", "checkout-fulfillment", RunStatus.OK, T, T.plusNanos(812_400_000), null, null,
                List.of(), Map.of(), null, null, null, null);
        assertThat(LoggingRunSink.describe(run)).isEqualTo("checkout-fulfillment ok in 812.4 ms, 0 steps (run abc)");
    }
}
