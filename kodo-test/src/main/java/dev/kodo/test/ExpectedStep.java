package dev.kodo.test;

import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import java.util.Objects;

/**
 * A step as a test expects it: its name and how it ended. For {@link RunAssert#hasStepsInOrder(ExpectedStep...)},
 * where a retried step shows each attempt:
 *
 * <pre>{@code
 * import static dev.kodo.test.ExpectedStep.failed;
 * import static dev.kodo.test.ExpectedStep.ok;
 *
 * assertThat(runs.single("checkout-fulfillment"))
 *         .hasStepsInOrder(failed("charge_card"), ok("charge_card"), ok("reserve_inventory"));
 * }</pre>
 *
 * @param name   the step's name
 * @param status how it ended
 */
public record ExpectedStep(String name, StepStatus status) {

    /** @throws NullPointerException when the name or the status is missing */
    public ExpectedStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    /** A step {@code name} that succeeded. */
    public static ExpectedStep ok(String name) {
        return new ExpectedStep(name, StepStatus.OK);
    }

    /** A step {@code name} that errored. */
    public static ExpectedStep failed(String name) {
        return new ExpectedStep(name, StepStatus.FAILED);
    }

    static ExpectedStep of(Step step) {
        return new ExpectedStep(step.name(), step.status());
    }

    /** {@code charge_card ok}, {@code charge_card FAILED}: as failure messages show steps. */
    @Override
    public String toString() {
        return name + (status == StepStatus.FAILED ? " FAILED" : " ok");
    }
}
