package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.Execution;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor's {@code Mono} and {@code Flux}: lazy, so every subscription is its own execution, starting when it
 * subscribes and ending on completion, error or cancellation. A publisher never subscribed records nothing.
 */
final class ReactorHandler extends ResultHandler {

    @Override
    boolean supports(Class<?> returnType) {
        return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
    }

    @Override
    Object invoke(Class<?> returnType, Supplier<Execution> start, ThrowingSupplier<Object, Throwable> invocation)
            throws Throwable {
        Object result = assemble(start, invocation);
        if (result instanceof Mono) {
            Mono<?> mono = (Mono<?>) result;
            return Mono.defer(() -> {
                Execution execution = started(start);
                return mono.doOnSuccess(value -> execution.end(null))
                        .doOnError(execution::end)
                        .doOnCancel(() -> execution.end(cancelled()));
            });
        }
        if (result instanceof Flux) {
            Flux<?> flux = (Flux<?>) result;
            return Flux.defer(() -> {
                Execution execution = started(start);
                return flux.doOnComplete(() -> execution.end(null))
                        .doOnError(execution::end)
                        .doOnCancel(() -> execution.end(cancelled()));
            });
        }
        return result;
    }

}
