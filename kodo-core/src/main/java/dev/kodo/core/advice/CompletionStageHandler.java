package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.ActiveRun;
import dev.kodo.core.internal.Async;
import dev.kodo.core.internal.Execution;
import dev.kodo.core.internal.Recorder;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * {@code CompletionStage} and {@code CompletableFuture}: eager, so the execution starts when the method is called,
 * is current on the calling thread while the method runs, and ends when the stage completes.
 */
final class CompletionStageHandler extends ResultHandler {

    @Override
    boolean supports(Class<?> returnType) {
        return CompletionStage.class.isAssignableFrom(returnType);
    }

    @Override
    Object workflow(Class<?> returnType, Recorder recorder, String name, Duration stuckAfter,
                    ThrowingSupplier<Object, Throwable> invocation) throws Throwable {
        return around(returnType, recorder.startAsync(name, stuckAfter), invocation);
    }

    @Override
    Object step(Class<?> returnType, ActiveRun run, String parent, String name,
                ThrowingSupplier<Object, Throwable> invocation) throws Throwable {
        return run == null ? invocation.get() : around(returnType, run.startStep(name, parent), invocation);
    }

    @SuppressWarnings("unchecked")
    private static Object around(Class<?> returnType, Execution execution,
                                 ThrowingSupplier<Object, Throwable> invocation) throws Throwable {
        execution.enter();
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
