package dev.kodo.quarkus.runtime;

import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Records each call of a {@link KodoStep} method (or of a public method of a {@code @KodoStep} type) as a step of
 * the workflow running on the thread; outside a workflow the method just runs.
 */
@KodoStep
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class KodoStepInterceptor {

    private final KodoAdvice advice;

    public KodoStepInterceptor(KodoAdvice advice) {
        this.advice = advice;
    }

    @AroundInvoke
    Object around(InvocationContext context) throws Exception {
        // Both bindings apply to e.g. a @KodoStep method of a @KodoWorkflow class. The advice then decides what the
        // call is, and the workflow interceptor alone asks it, so the call is recorded once.
        if (context.getInterceptorBinding(KodoWorkflow.class) != null) {
            return context.proceed();
        }
        return KodoInterception.invoke(advice, context);
    }
}
