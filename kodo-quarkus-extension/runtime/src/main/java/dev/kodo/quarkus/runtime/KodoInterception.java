package dev.kodo.quarkus.runtime;

import dev.kodo.core.advice.KodoAdvice;
import jakarta.interceptor.InvocationContext;

/** The one adapter between ArC's invocation and core's advice, shared by both interceptors. */
final class KodoInterception {

    private KodoInterception() {
    }

    static Object invoke(KodoAdvice advice, InvocationContext context) throws Exception {
        Object target = context.getTarget();
        try {
            return advice.invoke(context.getMethod(), target == null ? null : target.getClass(), context::proceed);
        } catch (Throwable t) {
            // The advice declares Throwable; what it rethrows is exactly what proceed() threw, so pass it on as is.
            throw KodoInterception.<RuntimeException>rethrow(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
