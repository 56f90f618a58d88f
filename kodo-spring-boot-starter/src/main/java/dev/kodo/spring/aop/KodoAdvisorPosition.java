package dev.kodo.spring.aop;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

/**
 * Keeps {@link KodoAdvisor} where {@code kodo.advice-order} puts it. Spring Framework 7 adds the advisors of
 * {@code @Retryable} and {@code @ConcurrencyLimit} ({@code @EnableResilientMethods}) in front of every advisor a bean
 * already has, whatever their order; each retry attempt would then be a separate call of the step, and a failed
 * first attempt would fail the run although the work finished. This post-processor, which runs after Spring's, moves
 * Kodo's advisor back in front of the advisors directly in front of it whose order is higher (inner) than its own,
 * stopping at the first one that is not. {@code @Async} stays outermost, so a step still runs on the executor's
 * thread.
 */
public final class KodoAdvisorPosition implements BeanPostProcessor, Ordered {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof Advised advised) || advised.isFrozen()) {
            return bean;
        }
        Advisor[] advisors = advised.getAdvisors();
        int kodo = -1;
        for (int i = 0; i < advisors.length && kodo < 0; i++) {
            if (advisors[i] instanceof KodoAdvisor) {
                kodo = i;
            }
        }
        int own = kodo < 0 ? 0 : ((KodoAdvisor) advisors[kodo]).getOrder();
        int target = kodo;
        // Only past the inner advisors just in front of it: one with a lower order belongs outside, and so does
        // everything in front of that one.
        while (target > 0 && !(advisors[target - 1] instanceof AsyncAnnotationAdvisor)
                && order(advisors[target - 1]) > own) {
            target--;
        }
        if (target < kodo) {
            advised.removeAdvisor(kodo);
            advised.addAdvisor(target, advisors[kodo]);
        }
        return bean;
    }

    private static int order(Advisor advisor) {
        return advisor instanceof Ordered ordered ? ordered.getOrder() : Ordered.LOWEST_PRECEDENCE;
    }

    /** After Spring's own advising post-processors, which have this order too and are registered earlier. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
