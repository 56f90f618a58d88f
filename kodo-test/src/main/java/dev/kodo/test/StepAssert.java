package dev.kodo.test;

import dev.kodo.core.run.Step;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one recorded {@link Step}. */
public final class StepAssert extends AbstractAssert<StepAssert, Step> {

    private final RunAssert run;

    StepAssert(Step actual, RunAssert run) {
        super(actual, StepAssert.class);
        this.run = run;
    }

    /** The step succeeded. */
    public StepAssert isOk() {
        isNotNull();
        if (actual.failed()) {
            fail("Expected step " + actual.name() + " to be ok but it failed"
                    + (actual.error() == null ? "" : ": " + actual.error().type() + ": " + actual.error().message()));
        }
        return this;
    }

    /** The step errored. */
    public StepAssert isFailed() {
        isNotNull();
        if (!actual.failed()) {
            fail("Expected step " + actual.name() + " to have failed but it was ok");
        }
        return this;
    }

    /** The step's own error is of this exception class (exactly, by name). */
    public StepAssert hasErrorOfType(Class<? extends Throwable> type) {
        isNotNull();
        if (actual.error() == null || !actual.error().type().equals(type.getName())) {
            fail("Expected step " + actual.name() + " to have an error of type " + type.getName() + " but it had "
                    + (actual.error() == null ? "none" : actual.error().type()));
        }
        return this;
    }

    /** The step ran inside step {@code parent}. */
    public StepAssert hasParent(String parent) {
        isNotNull();
        if (!Objects.equals(actual.parent(), parent)) {
            fail("Expected step " + actual.name() + " to run inside " + parent + " but its parent is "
                    + actual.parent());
        }
        return this;
    }

    /** The step took at least {@code min}. */
    public StepAssert tookAtLeast(Duration min) {
        isNotNull();
        if (actual.duration().compareTo(min) < 0) {
            fail("Expected step " + actual.name() + " to take at least " + min.toMillis() + " ms but it took "
                    + actual.durationNanos() / 1e6 + " ms");
        }
        return this;
    }

    /** The step took at most {@code max}. */
    public StepAssert tookAtMost(Duration max) {
        isNotNull();
        if (actual.duration().compareTo(max) > 0) {
            fail("Expected step " + actual.name() + " to take at most " + max.toMillis() + " ms but it took "
                    + actual.durationNanos() / 1e6 + " ms");
        }
        return this;
    }

    /** Back to the run, to go on with its assertions. */
    public RunAssert and() {
        if (run == null) {
            throw new IllegalStateException("this step assertion was not reached from a run");
        }
        return run;
    }

    private void fail(String message) {
        if (run == null) {
            failWithMessage("%s", message);
        } else {
            failWithMessage("%s%nRecorded run:%n%s", message, Describe.run(run.run()));
        }
    }
}
