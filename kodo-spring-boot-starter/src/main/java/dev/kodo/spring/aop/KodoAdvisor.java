package dev.kodo.spring.aop;

import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.advice.KodoAnnotations;
import java.lang.reflect.Method;
import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.Ordered;

/**
 * Applies {@code @KodoWorkflow} and {@code @KodoStep} to Spring beans: a pointcut that matches annotated methods and
 * types (also when the annotation sits on an interface the bean implements), and an interceptor that hands each
 * call to core's {@link KodoAdvice}.
 *
 * <p>The auto-configuration registers it as the bean {@code kodoAdvisor}; define a bean of that name to replace it
 * (for another order alone, {@code kodo.advice-order} is enough):
 *
 * <pre>{@code
 * @Bean
 * static Advisor kodoAdvisor(ObjectProvider<Kodo> kodo) {
 *     KodoAdvice advice = new KodoAdvice(SingletonSupplier.of(kodo::getObject));
 *     // Inside transactions, if @EnableTransactionManagement(order = 0) puts them first; equal orders would leave
 *     // the nesting undefined, so LOWEST_PRECEDENCE, the transactions' default, would not do.
 *     return new KodoAdvisor(advice, 10);
 * }
 * }</pre>
 *
 * <p>Spring proxies see only calls that come through the proxy: a call from one method of a bean to another of the
 * same bean (self-invocation) is not intercepted, nor are private, final or static methods. Use AspectJ load-time
 * weaving with core's {@code KodoAspect} where that matters.
 */
public final class KodoAdvisor extends AbstractPointcutAdvisor {

    /**
     * Outside {@code @Transactional} ({@code LOWEST_PRECEDENCE}) and Spring Retry's {@code @Retryable}
     * ({@code LOWEST_PRECEDENCE - 1}), so that a step's outcome is what its caller sees: after all attempts and
     * after the commit.
     */
    public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final long serialVersionUID = 1L;

    private final transient MethodInterceptor interceptor;

    /** An advisor for {@code advice} at {@code order} among a bean's advisors (lower runs outside). */
    public KodoAdvisor(KodoAdvice advice, int order) {
        this.interceptor = invocation -> {
            Object target = invocation.getThis();
            return advice.invoke(invocation.getMethod(), target != null ? AopUtils.getTargetClass(target) : null,
                    invocation::proceed);
        };
        setOrder(order);
    }

    @Override
    public Pointcut getPointcut() {
        return AnnotatedMethods.INSTANCE;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }

    /** Methods that {@link KodoAnnotations#find} resolves to a workflow or a step. */
    private static final class AnnotatedMethods extends StaticMethodMatcherPointcut {

        static final AnnotatedMethods INSTANCE = new AnnotatedMethods();

        private AnnotatedMethods() {
            setClassFilter(KodoAnnotations::isAnnotated);
        }

        @Override
        public boolean matches(Method method, Class<?> targetClass) {
            return KodoAnnotations.find(method, targetClass) != null;
        }
    }
}
