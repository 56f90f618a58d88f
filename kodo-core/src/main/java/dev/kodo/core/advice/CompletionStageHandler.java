package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.Async;
import dev.kodo.core.internal.Execution;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code CompletionStage} and {@code CompletableFuture}: eager, so the execution starts when the method is called
 * and ends when the stage completes.
 */
final class CompletionStageHandler extends ResultHandler {

    @Override
    boolean supports(Class<?> returnType) {
        return CompletionStage.class.isAssignableFrom(returnType);
    }

    @Override
    @SuppressWarnings("unchecked")
    Object invoke(Class<?> returnType, Supplier<Execution> start, ThrowingSupplier<Object, Throwable> invocation)
            throws Throwable {
        Execution execution = start.get();
        Object result;
        try {
            result = invocation.get();
        } catch (Throwable t) {
            execution.exit();
            execution.end(t);
            throw t;
        }
        execution.exit();
        CompletionStage<Object> ending = Async.endWhenComplete((CompletionStage<Object>) result, execution);
        // A method declaring its own CompletionStage subtype gets its own object back; the execution still ends
        // on completion, though callers may then observe the stage before the record is made.
        return ending == null || returnType.isInstance(ending) ? ending : result;
    }
}
