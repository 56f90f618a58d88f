package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.ActiveRun;
import dev.kodo.core.internal.Execution;
import dev.kodo.core.internal.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ends a step or run when an asynchronous result completes rather than when the method returns. One handler per
 * kind of result; Reactor's and Mutiny's are present only when those libraries are on the classpath, detected by
 * class name so that neither is a dependency.
 */
abstract class ResultHandler {

    private static final List<ResultHandler> HANDLERS = detect();

    /** Does this handler deal with methods declaring {@code returnType}? */
    abstract boolean supports(Class<?> returnType);

    /** Calls a workflow method; every execution of its result is one run of {@code name}. */
    abstract Object workflow(Class<?> returnType, Recorder recorder, String name, Duration stuckAfter,
                             ThrowingSupplier<Object, Throwable> invocation) throws Throwable;

    /**
     * Calls a step method; every execution of its result is one step of the run it belongs to.
     *
     * @param run    the run current on the calling thread, or {@code null}
     * @param parent the step current on the calling thread within {@code run}, or {@code null}
     */
    abstract Object step(Class<?> returnType, ActiveRun run, String parent, String name,
                         ThrowingSupplier<Object, Throwable> invocation) throws Throwable;

    /** The handler for methods declaring {@code returnType}, or {@code null} for a synchronous method. */
    static ResultHandler forReturnType(Class<?> returnType) {
        for (ResultHandler handler : HANDLERS) {
            if (handler.supports(returnType)) {
                return handler;
            }
        }
        return null;
    }

    /**
     * For lazy results (a publisher that does its work when subscribed): the method itself only assembles the
     * pipeline. If assembling throws, that is recorded as an execution that failed at once (when there is one to
     * record: a step outside any run is not).
     */
    static Object assemble(Supplier<Execution> ifItThrows, ThrowingSupplier<Object, Throwable> invocation)
            throws Throwable {
        try {
            return invocation.get();
        } catch (Throwable t) {
            Execution failed = ifItThrows.get();
            if (failed != null) {
                failed.end(t);
            }
            throw t;
        }
    }

    private static List<ResultHandler> detect() {
        List<ResultHandler> handlers = new ArrayList<>();
        handlers.add(new CompletionStageHandler());
        if (present("reactor.core.publisher.Mono")) {
            handlers.add(new ReactorHandler());
        }
        if (present("io.smallrye.mutiny.Uni")) {
            handlers.add(new MutinyHandler());
        }
        return handlers;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ResultHandler.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
