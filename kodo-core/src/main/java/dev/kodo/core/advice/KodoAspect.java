package dev.kodo.core.advice;

import dev.kodo.core.Kodo;
import java.lang.reflect.Method;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * An AspectJ aspect for {@code @KodoWorkflow} and {@code @KodoStep} in plain Java applications, woven at compile
 * time (ajc) or load time ({@code -javaagent:aspectjweaver.jar} with a {@code META-INF/aop.xml} that names
 * {@code dev.kodo.core.advice.KodoAspect}). It records into {@link Kodo#global()}:
 *
 * <pre>{@code
 * Kodo.setGlobal(Kodo.fromEnvironment());
 * }</pre>
 *
 * <p>Woven code is intercepted on every call, self-invocation and private methods included. AspectJ matches
 * annotations where the executed method is declared, so annotate the implementation, not an interface.
 */
@Aspect
public class KodoAspect {

    private final KodoAdvice advice;

    /** The aspect AspectJ instantiates: records into {@link Kodo#global()}. */
    public KodoAspect() {
        this(new KodoAdvice(Kodo::global));
    }

    /** An aspect over a given advice, for containers that instantiate aspects themselves. */
    public KodoAspect(KodoAdvice advice) {
        this.advice = advice;
    }

    /** Runs an annotated method (or a public method of an annotated type) through the advice. */
    @Around("execution(@dev.kodo.core.annotation.KodoWorkflow * *(..))"
            + " || execution(@dev.kodo.core.annotation.KodoStep * *(..))"
            + " || execution(public !static * (@dev.kodo.core.annotation.KodoWorkflow *).*(..))"
            + " || execution(public !static * (@dev.kodo.core.annotation.KodoStep *).*(..))")
    public Object around(ProceedingJoinPoint joinPoint) throws Throwable {
        Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
        Object target = joinPoint.getTarget();
        return advice.invoke(method, target != null ? target.getClass() : method.getDeclaringClass(),
                joinPoint::proceed);
    }
}
