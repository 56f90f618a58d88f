package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.Execution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Mutiny's {@code Uni} and {@code Multi}: lazy, so every subscription is its own execution, starting when it
 * subscribes (not when the {@code Uni} is created) and ending on item, failure or cancellation. A {@code Uni}
 * subscribed twice is two executions; one never subscribed records nothing.
 */
final class MutinyHandler extends ResultHandler {

    @Override
    boolean supports(Class<?> returnType) {
        return Uni.class.isAssignableFrom(returnType) || Multi.class.isAssignableFrom(returnType);
    }

    @Override
    Object invoke(Class<?> returnType, Supplier<Execution> start, ThrowingSupplier<Object, Throwable> invocation)
            throws Throwable {
        Object result = assemble(start, invocation);
        if (result instanceof Uni) {
            Uni<?> uni = (Uni<?>) result;
            return Uni.createFrom().deferred(() -> {
                Execution execution = started(start);
                return uni.onTermination().invoke((item, failure, cancelled) ->
                        execution.end(cancelled ? cancelled() : failure));
            });
        }
        if (result instanceof Multi) {
            Multi<?> multi = (Multi<?>) result;
            return Multi.createFrom().deferred(() -> {
                Execution execution = started(start);
                return multi.onTermination().invoke((failure, cancelled) ->
                        execution.end(cancelled ? cancelled() : failure));
            });
        }
        return result;
    }
}
