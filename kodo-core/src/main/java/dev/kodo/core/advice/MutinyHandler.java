package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.ActiveRun;
import dev.kodo.core.internal.Execution;
import dev.kodo.core.internal.Recorder;
import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Mutiny's {@code Uni} and {@code Multi}: lazy, so every subscription is its own execution, starting when it
 * subscribes (not when the {@code Uni} is created) and ending on item, completion or failure (a cancellation ends
 * it without an error). A {@code Uni} subscribed twice is two executions; one never subscribed records nothing.
 *
 * <p>The run travels in the subscription's Mutiny {@link Context}: a step assembled inside a reactive workflow
 * method, before any run existed, finds the run of each subscription there. Mutiny's context is one mutable map
 * for the whole subscription, so it carries the run but not the enclosing step: steps of a reactive workflow are
 * recorded at the top level.
 */
final class MutinyHandler extends ResultHandler {

    private static final String RUN = "dev.kodo.mutiny.run";

    @Override
    boolean supports(Class<?> returnType) {
        return Uni.class.isAssignableFrom(returnType) || Multi.class.isAssignableFrom(returnType);
    }

    @Override
    Object workflow(Class<?> returnType, Recorder recorder, String name, Duration stuckAfter,
                    ThrowingSupplier<Object, Throwable> invocation) throws Throwable {
        Object result = assemble(() -> recorder.startAsync(name, stuckAfter), invocation);
        if (result instanceof Uni) {
            return ((Uni<?>) result).withContext((uni, ctx) -> {
                Execution run = enter(ctx, recorder.startAsync(name, stuckAfter));
                return uni.onTermination().invoke((item, failure, cancelled) -> leave(ctx, run, failure));
            });
        }
        if (result instanceof Multi) {
            return ((Multi<?>) result).withContext((multi, ctx) -> {
                Execution run = enter(ctx, recorder.startAsync(name, stuckAfter));
                return multi.onTermination().invoke((failure, cancelled) -> leave(ctx, run, failure));
            });
        }
        return result;
    }

    @Override
    Object step(Class<?> returnType, ActiveRun run, String parent, String name,
                ThrowingSupplier<Object, Throwable> invocation) throws Throwable {
        Object result = assemble(() -> run == null ? null : run.startStep(name, parent), invocation);
        if (result instanceof Uni) {
            return ((Uni<?>) result).withContext((uni, ctx) -> {
                Execution step = start(ctx, run, parent, name);
                return step == null ? uni
                        : uni.onTermination().invoke((item, failure, cancelled) -> step.end(failure));
            });
        }
        if (result instanceof Multi) {
            return ((Multi<?>) result).withContext((multi, ctx) -> {
                Execution step = start(ctx, run, parent, name);
                return step == null ? multi : multi.onTermination().invoke((failure, cancelled) -> step.end(failure));
            });
        }
        return result;
    }

    /** Subscribed inside a reactive run: that run; otherwise the run current where the method was called. */
    private static Execution start(Context ctx, ActiveRun run, String parent, String name) {
        ActiveRun owner = ctx.contains(RUN) ? ctx.get(RUN) : run;
        if (owner == null) {
            return null;
        }
        return owner.startStep(name, ctx.contains(RUN) ? null : parent);
    }

    private static Execution enter(Context ctx, Execution run) {
        // Remembered so that a reactive workflow nested in another gives the context back when it ends.
        ctx.put(previousKey(run), ctx.contains(RUN) ? ctx.get(RUN) : run.run());
        ctx.put(RUN, run.run());
        return run;
    }

    private static void leave(Context ctx, Execution run, Throwable failure) {
        run.end(failure);
        ActiveRun previous = ctx.get(previousKey(run));
        ctx.delete(previousKey(run));
        if (previous == run.run()) {
            ctx.delete(RUN);
        } else {
            ctx.put(RUN, previous);
        }
    }

    private static String previousKey(Execution run) {
        return RUN + ".before." + run.run().id();
    }
}
