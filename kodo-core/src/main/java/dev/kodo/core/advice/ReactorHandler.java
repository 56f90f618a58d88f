package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.ActiveRun;
import dev.kodo.core.internal.Execution;
import dev.kodo.core.internal.Recorder;
import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Reactor's {@code Mono} and {@code Flux}: lazy, so every subscription is its own execution, starting when it
 * subscribes and ending on completion or error (a cancellation ends it without an error: the subscriber had
 * enough). A publisher never subscribed records nothing.
 *
 * <p>The run travels in the subscriber's {@link Context}, not in a thread-local: a step publisher assembled inside
 * a reactive workflow method, before any run existed, finds the run of each subscription there.
 */
final class ReactorHandler extends ResultHandler {

    private static final String RUN = "dev.kodo.reactor.run";
    private static final String STEP = "dev.kodo.reactor.step";

    @Override
    boolean supports(Class<?> returnType) {
        return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
    }

    @Override
    Object workflow(Class<?> returnType, Recorder recorder, String name, Duration stuckAfter,
                    ThrowingSupplier<Object, Throwable> invocation) throws Throwable {
        Object result = assemble(() -> recorder.startAsync(name, stuckAfter), invocation);
        return decorate(result, ctx -> {
            Execution run = recorder.startAsync(name, stuckAfter);
            return new Started(run, c -> c.put(RUN, run.run()).delete(STEP));
        });
    }

    @Override
    Object step(Class<?> returnType, ActiveRun run, String parent, String name,
                ThrowingSupplier<Object, Throwable> invocation) throws Throwable {
        Object result = assemble(() -> run == null ? null : run.startStep(name, parent), invocation);
        return decorate(result, ctx -> {
            // Subscribed inside a reactive run: that run; otherwise the run current where the method was called.
            ActiveRun owner = ctx.hasKey(RUN) ? ctx.get(RUN) : run;
            if (owner == null) {
                return null;
            }
            String enclosing = ctx.hasKey(RUN) ? ctx.getOrDefault(STEP, null) : parent;
            return new Started(owner.startStep(name, enclosing), c -> c.put(RUN, owner).put(STEP, name));
        });
    }

    /** An execution started for one subscription, and what its upstream sees in the context. */
    private record Started(Execution execution, Function<Context, Context> context) {
    }

    @SuppressWarnings("unchecked")
    private static Object decorate(Object result, Function<ContextView, Started> start) {
        if (result instanceof Mono) {
            Mono<Object> mono = (Mono<Object>) result;
            return Mono.deferContextual(ctx -> {
                Started s = start.apply(ctx);
                if (s == null) {
                    return mono;
                }
                Execution e = s.execution();
                return mono.doOnSuccess(value -> e.end(null)).doOnError(e::end).doOnCancel(() -> e.end(null))
                        .contextWrite(s.context());
            });
        }
        if (result instanceof Flux) {
            Flux<Object> flux = (Flux<Object>) result;
            return Flux.deferContextual(ctx -> {
                Started s = start.apply(ctx);
                if (s == null) {
                    return flux;
                }
                Execution e = s.execution();
                return flux.doOnComplete(() -> e.end(null)).doOnError(e::end).doOnCancel(() -> e.end(null))
                        .contextWrite(s.context());
            });
        }
        return result;
    }
}
