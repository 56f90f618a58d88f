package dev.kodo.quarkus.runtime;

import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.annotation.KodoWorkflow;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Records each call of a {@link KodoWorkflow} method (or of a public method of a {@code @KodoWorkflow} type) as a
 * run. The deployment module registers {@code @KodoWorkflow} as an interceptor binding, so the annotation itself
 * stays free of CDI. ArC intercepts self-invocation too: a bean calling its own annotated method records it.
 */
@KodoWorkflow
@Interceptor
// Outside application interceptors (retries, fallbacks), so a run records the outcome its caller sees.
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class KodoWorkflowInterceptor {

    private final KodoAdvice advice;

    public KodoWorkflowInterceptor(KodoAdvice advice) {
        this.advice = advice;
    }

    @AroundInvoke
    Object around(InvocationContext context) throws Exception {
        return KodoInterception.invoke(advice, context);
    }
}
