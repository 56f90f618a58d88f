package dev.kodo.core.internal;

import dev.kodo.core.ThrowingRunnable;
import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.Workflow;
import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunLimits;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A run in progress: the {@link Workflow} handle user code holds and the {@link InFlightRun} sinks see. Steps may
 * end on any thread, so the mutable state is guarded by {@code this}; the lock is held only to append a record.
 *
 * <p>The error of a failure is recorded once: on the innermost step it was thrown from, and on the run. An
 * enclosing step (or the run's body) that the same exception, or one caused by it, passes through is marked
 * failed without recording it again.
 */
public final class ActiveRun implements Workflow, InFlightRun {

    private static final Comparator<Step> BY_START = Comparator.comparing(Step::startedAt);

    private final Recorder recorder;
    private final String id;
    private final String workflow;
    private final Instant startedAt;
    private final long startNanos;
    private final String traceId;
    private final String spanId;
    private volatile Duration stuckAfter;

    // Guarded by this.
    private final ArrayList<Step> steps = new ArrayList<>(8);
    private Map<String, String> attributes;
    private String failedStep;
    private ErrorInfo error;
    private boolean anyStepFailed;
    private Throwable[] recordedErrors;
    private int recordedCount;
    private boolean ended;

    ActiveRun(Recorder recorder, String id, String workflow, Instant startedAt, long startNanos,
              Duration stuckAfter, String traceId, String spanId) {
        this.recorder = recorder;
        this.id = id;
        this.workflow = workflow;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.stuckAfter = stuckAfter;
        this.traceId = traceId;
        this.spanId = spanId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return workflow;
    }

    @Override
    public String workflow() {
        return workflow;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Duration stuckAfter() {
        return stuckAfter;
    }

    /** The recorder this run reports to. */
    public Recorder recorder() {
        return recorder;
    }

    // ------------------------------------------------------------------------------------------------- steps

    @Override
    public <T, E extends Throwable> T step(String name, ThrowingSupplier<T, E> body) throws E {
        return step(ContextHolder.get(), name, body);
    }

    @Override
    public <E extends Throwable> void step(String name, ThrowingRunnable<E> body) throws E {
        step(ContextHolder.get(), name, () -> {
            body.run();
            return null;
        });
    }

    /**
     * The synchronous step: the hot path. No allocation besides the step's record; the thread's context is
     * switched by swapping two fields of its holder.
     */
    public <T, E extends Throwable> T step(ContextHolder holder, String name, ThrowingSupplier<T, E> body) throws E {
        String stepName = Recorder.cleanName(name, "step");
        ActiveRun previousRun = holder.run;
        String previousStep = holder.step;
        String parent = previousRun == this ? previousStep : null;
        holder.run = this;
        holder.step = stepName;
        long start = System.nanoTime();
        T value;
        try {
            value = body.get();
        } catch (Throwable t) {
            long end = System.nanoTime();
            holder.run = previousRun;
            holder.step = previousStep;
            stepEnded(stepName, parent, start, end, t);
            throw t;
        }
        long end = System.nanoTime();
        holder.run = previousRun;
        holder.step = previousStep;
        stepEnded(stepName, parent, start, end, null);
        return value;
    }

    @Override
    public <T, E extends Throwable> CompletionStage<T> stepAsync(String name,
            ThrowingSupplier<? extends CompletionStage<T>, E> body) throws E {
        Execution step = startStep(name).enter();
        CompletionStage<T> stage;
        try {
            stage = body.get();
        } catch (Throwable t) {
            step.exit();
            step.end(t);
            throw t;
        }
        step.exit();
        return Async.endWhenComplete(stage, step);
    }

    /**
     * Starts a step whose end is reported later, inside the step current on this thread (if it belongs to this
     * run). {@link Execution#enter()} makes it current.
     */
    public Execution startStep(String name) {
        ContextHolder holder = ContextHolder.get();
        return startStep(name, holder.run == this ? holder.step : null);
    }

    /** Starts a step whose end is reported later, inside step {@code parent} (or at the top if {@code null}). */
    public Execution startStep(String name, String parent) {
        return new PendingStep(this, Recorder.cleanName(name, "step"), parent);
    }

    void stepEnded(String name, String parent, long startNanos, long endNanos, Throwable failure) {
        try {
            synchronized (this) {
                if (ended) {
                    recorder.stats.lateSteps.increment();
                    return;
                }
                ErrorInfo stepError = null;
                if (failure != null) {
                    anyStepFailed = true;
                    if (!isRecorded(failure)) {
                        stepError = ErrorInfo.of(failure);
                        remember(failure);
                        if (failedStep == null) {
                            failedStep = name;
                            error = stepError;
                        }
                    }
                }
                if (steps.size() >= RunLimits.MAX_STEPS) {
                    recorder.dropped(recorder.stats.droppedSteps, "steps", workflow, RunLimits.MAX_STEPS);
                    return;
                }
                steps.add(new Step(name, failure == null ? StepStatus.OK : StepStatus.FAILED,
                        startedAt.plusNanos(startNanos - this.startNanos), endNanos - startNanos, parent, stepError));
            }
        } catch (RuntimeException e) {
            recorder.internalError("recording step " + name, e);
        }
    }

    // -------------------------------------------------------------------------------------------- attributes

    @Override
    public Workflow attribute(String key, String value) {
        if (key == null || key.isEmpty() || value == null) {
            return this;
        }
        String k = cut(key, RunLimits.MAX_ATTRIBUTE_KEY_LENGTH);
        String v = cut(value, RunLimits.MAX_ATTRIBUTE_VALUE_LENGTH);
        synchronized (this) {
            if (attributes == null) {
                attributes = new LinkedHashMap<>();
            }
            if (attributes.size() < RunLimits.MAX_ATTRIBUTES || attributes.containsKey(k)) {
                attributes.put(k, v);
            } else {
                recorder.dropped(recorder.stats.droppedAttributes, "attributes", workflow, RunLimits.MAX_ATTRIBUTES);
            }
        }
        return this;
    }

    @Override
    public Workflow stuckAfter(Duration stuckAfter) {
        if (stuckAfter != null && stuckAfter.compareTo(Duration.ZERO) > 0) {
            this.stuckAfter = stuckAfter;
        }
        return this;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    // --------------------------------------------------------------------------------------------- lifecycle

    /**
     * Ends the run: {@code failure} is what its body threw, or {@code null}. Only the first call counts; it
     * reports the final snapshot to the recorder's sinks.
     */
    public void end(Throwable failure) {
        long endNanos = System.nanoTime();
        Run snapshot;
        try {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                if (failure != null && !isRecorded(failure) && error == null) {
                    error = ErrorInfo.of(failure);
                }
                RunStatus status = failure != null || anyStepFailed ? RunStatus.FAILED : RunStatus.OK;
                snapshot = snapshot(status, startedAt.plusNanos(endNanos - startNanos));
            }
        } catch (RuntimeException e) {
            recorder.internalError("ending run of " + workflow, e);
            return;
        }
        recorder.ended(this, snapshot);
    }

    @Override
    public Run snapshot() {
        synchronized (this) {
            return snapshot(RunStatus.RUNNING, null);
        }
    }

    /** Called with the lock held. */
    private Run snapshot(RunStatus status, Instant endedAt) {
        // Steps are appended when they end; nested and parallel ones end out of start order. Sorting in place is
        // harmless for later snapshots, and Run copies the list.
        steps.sort(BY_START);
        return new Run(id, workflow, status, startedAt, endedAt, failedStep, error, steps, attributes,
                Run.SOURCE_SDK, traceId, spanId, stuckAfter);
    }

    /** Called with the lock held. Is {@code t}, or an exception in its cause chain, already recorded? */
    private boolean isRecorded(Throwable t) {
        if (recordedCount == 0) {
            return false;
        }
        Throwable current = t;
        for (int depth = 0; current != null && depth < 16; depth++) {
            for (int i = 0; i < recordedCount; i++) {
                if (recordedErrors[i] == current) {
                    return true;
                }
            }
            current = current.getCause();
        }
        return false;
    }

    /** Called with the lock held. */
    private void remember(Throwable t) {
        if (recordedErrors == null) {
            recordedErrors = new Throwable[2];
        } else if (recordedCount == recordedErrors.length) {
            if (recordedCount >= 32) {
                return; // enough to recognise re-thrown errors; a run with more failures is already failed
            }
            recordedErrors = java.util.Arrays.copyOf(recordedErrors, recordedCount * 2);
        }
        recordedErrors[recordedCount++] = t;
    }

    @Override
    public String toString() {
        return "ActiveRun[" + workflow + " " + id + "]";
    }
}
