package dev.kodo.test;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one recorded {@link Run}; every failure message shows the run with its steps. */
public final class RunAssert extends AbstractAssert<RunAssert, Run> {

    RunAssert(Run actual) {
        super(actual, RunAssert.class);
    }

    /** The run ended without an errored step. */
    public RunAssert isOk() {
        return hasStatus(RunStatus.OK);
    }

    /** The run's body threw or one of its steps errored. */
    public RunAssert isFailed() {
        return hasStatus(RunStatus.FAILED);
    }

    /** The run has not ended. */
    public RunAssert isRunning() {
        return hasStatus(RunStatus.RUNNING);
    }

    private RunAssert hasStatus(RunStatus expected) {
        isNotNull();
        if (actual.status() != expected) {
            fail("Expected the run to be " + expected.wireName() + " but it is " + actual.status().wireName());
        }
        return this;
    }

    /** The run failed, and {@code step} is the first step that errored. */
    public RunAssert failedAt(String step) {
        isFailed();
        if (!Objects.equals(actual.failedStep(), step)) {
            fail("Expected the run to have failed at " + step + " but "
                    + (actual.failedStep() == null ? "no step failed (the body threw)" : "it failed at "
                    + actual.failedStep()));
        }
        return this;
    }

    /** The run's error is of this exception class (exactly, by name). */
    public RunAssert hasErrorOfType(Class<? extends Throwable> type) {
        isNotNull();
        if (actual.error() == null || !actual.error().type().equals(type.getName())) {
            fail("Expected the run's error to be a " + type.getName() + " but it was "
                    + (actual.error() == null ? "none" : actual.error().type()));
        }
        return this;
    }

    /** The run's error message contains {@code text}. */
    public RunAssert hasErrorMessageContaining(String text) {
        isNotNull();
        if (actual.error() == null || actual.error().message() == null || !actual.error().message().contains(text)) {
            fail("Expected the run's error message to contain \"" + text + "\" but it was "
                    + (actual.error() == null ? "no error" : "\"" + actual.error().message() + "\""));
        }
        return this;
    }

    /** The run's steps, by start time, are exactly these names in this order. */
    public RunAssert hasStepsInOrder(String... names) {
        isNotNull();
        List<String> recorded = actual.steps().stream().map(Step::name).toList();
        if (!recorded.equals(Arrays.asList(names))) {
            fail("Expected the steps " + Arrays.asList(names) + " in this order but recorded " + recorded);
        }
        return this;
    }

    /**
     * The run's steps, by start time, are exactly these, each with how it ended: for retried or repeated steps.
     *
     * <pre>{@code
     * assertThat(run).hasStepsInOrder(failed("charge_card"), ok("charge_card"), ok("reserve_inventory"));
     * }</pre>
     */
    public RunAssert hasStepsInOrder(ExpectedStep... steps) {
        isNotNull();
        List<ExpectedStep> recorded = actual.steps().stream().map(ExpectedStep::of).toList();
        if (!recorded.equals(Arrays.asList(steps))) {
            fail("Expected the steps " + Arrays.asList(steps) + " in this order but recorded " + recorded);
        }
        return this;
    }

    /** The run has this attribute with this value. */
    public RunAssert hasAttribute(String key, String value) {
        isNotNull();
        if (!Objects.equals(actual.attributes().get(key), value)) {
            fail("Expected attribute " + key + "=" + value + " but the attributes are " + actual.attributes());
        }
        return this;
    }

    /** The run took at most {@code max} end to end. */
    public RunAssert tookAtMost(Duration max) {
        isNotNull();
        if (actual.duration() == null || actual.duration().compareTo(max) > 0) {
            fail("Expected the run to take at most " + max.toMillis() + " ms but it took "
                    + (actual.duration() == null ? "(still running)" : actual.duration().toNanos() / 1e6 + " ms"));
        }
        return this;
    }

    /** The run took at least {@code min} end to end. */
    public RunAssert tookAtLeast(Duration min) {
        isNotNull();
        if (actual.duration() == null || actual.duration().compareTo(min) < 0) {
            fail("Expected the run to take at least " + min.toMillis() + " ms but it took "
                    + (actual.duration() == null ? "(still running)" : actual.duration().toNanos() / 1e6 + " ms"));
        }
        return this;
    }

    /**
     * Assertions on the step at {@code index} (from 0, by start time); fails if the run has fewer steps. For a step
     * that ran more than once, where {@link #step(String)} sees only the first:
     *
     * <pre>{@code
     * assertThat(run).stepAt(0).isFailed().hasErrorOfType(TimeoutException.class)
     *         .and().stepAt(1).isOk();
     * }</pre>
     */
    public StepAssert stepAt(int index) {
        isNotNull();
        if (index < 0 || index >= actual.steps().size()) {
            fail("Expected a step at index " + index + " but the run has " + actual.steps().size() + " step(s)");
        }
        return new StepAssert(actual.steps().get(index), this);
    }

    /** Assertions on the first step named {@code name}; fails if there is none. */
    public StepAssert step(String name) {
        isNotNull();
        Step step = actual.step(name);
        if (step == null) {
            fail("Expected a step " + name + " but there is none");
        }
        return new StepAssert(step, this);
    }

    /** The run under assertion, for {@link StepAssert}'s messages. */
    Run run() {
        return actual;
    }

    private void fail(String message) {
        failWithMessage("%s%nRecorded run:%n%s", message, Describe.run(actual));
    }
}
