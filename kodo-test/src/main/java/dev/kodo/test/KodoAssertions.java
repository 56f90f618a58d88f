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
 *
 * // A retried step, attempt by attempt (static imports of ExpectedStep.ok and ExpectedStep.failed):
 * assertThat(run).hasStepsInOrder(failed("charge_card"), ok("charge_card"), ok("reserve_inventory"))
 *         .stepAt(0).hasErrorOfType(TimeoutException.class);
 *
 * // Many runs: AssertJ's own list assertions with these per run.
 * Assertions.assertThat(runs.await("checkout-fulfillment", 20)).allSatisfy(run -> assertThat(run).isOk());
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
