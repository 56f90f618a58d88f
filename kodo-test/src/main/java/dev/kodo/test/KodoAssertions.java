package dev.kodo.test;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;

/**
 * AssertJ entry points for recorded runs and steps. Failure messages show the run as it was recorded.
 *
 * <pre>{@code
 * import static dev.kodo.test.KodoAssertions.assertThat;
 *
 * assertThat(runs.single("checkout-fulfillment"))
 *         .isFailed()
 *         .failedAt("charge_card")
 *         .hasErrorOfType(CardDeclinedException.class)
 *         .hasStepsInOrder("charge_card");
 * }</pre>
 */
public final class KodoAssertions {

    private KodoAssertions() {
    }

    /** Assertions on a recorded run. */
    public static RunAssert assertThat(Run run) {
        return new RunAssert(run);
    }

    /** Assertions on a recorded step. */
    public static StepAssert assertThat(Step step) {
        return new StepAssert(step, null);
    }
}
