package dev.kodo.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.advice.KodoAdvice;
import java.util.Arrays;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.core.Ordered;

class KodoAdvisorPositionTests {

    private final KodoAdvisor kodo = new KodoAdvisor(new KodoAdvice(() -> (Kodo) null), KodoAdvisor.DEFAULT_ORDER);

    @Test
    void kodoMovesInFrontOfInnerAdvisorsPutInFrontOfIt() {
        Advisor retry = advisor("retry", Ordered.LOWEST_PRECEDENCE - 1);
        Advisor limit = advisor("limit", Ordered.LOWEST_PRECEDENCE);

        assertThat(positioned(retry, limit, kodo)).containsExactly(kodo, retry, limit);
    }

    @Test
    void kodoStaysBehindAnAdvisorWithALowerOrderAndEverythingInFrontOfIt() {
        Advisor retry = advisor("retry", Ordered.LOWEST_PRECEDENCE - 1);
        Advisor security = advisor("security", Ordered.HIGHEST_PRECEDENCE);
        Advisor limit = advisor("limit", Ordered.LOWEST_PRECEDENCE);

        assertThat(positioned(retry, security, limit, kodo)).containsExactly(retry, security, kodo, limit);
    }

    private static Advisor[] positioned(Advisor... advisors) {
        ProxyFactory proxy = new ProxyFactory(new Object());
        Arrays.stream(advisors).forEach(proxy::addAdvisor);
        new KodoAdvisorPosition().postProcessAfterInitialization(proxy, "bean");
        return proxy.getAdvisors();
    }

    private static Advisor advisor(String name, int order) {
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor((MethodInterceptor) MethodInvocation::proceed) {
            @Override
            public String toString() {
                return name;
            }
        };
        advisor.setOrder(order);
        return advisor;
    }
}
