package dev.kodo.core.advice;

import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.Execution;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
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

    /**
     * Calls {@code invocation} and returns its result, arranging for an execution obtained from {@code start} to
     * end with the asynchronous outcome.
     */
    abstract Object invoke(Class<?> returnType, Supplier<Execution> start,
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
     * pipeline. If assembling throws, that is recorded as an execution that failed at once.
     */
    static Object assemble(Supplier<Execution> start, ThrowingSupplier<Object, Throwable> invocation)
            throws Throwable {
        try {
            return invocation.get();
        } catch (Throwable t) {
            Execution execution = start.get();
            execution.exit();
            execution.end(t);
            throw t;
        }
    }

    /** For lazy results: a new execution for one subscription, not current on any thread. */
    static Execution started(Supplier<Execution> start) {
        Execution execution = start.get();
        execution.exit();
        return execution;
    }

    /** Cancellation is an outcome too: the work did not finish. */
    static CancellationException cancelled() {
        return new CancellationException("cancelled by the subscriber before completion");
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
