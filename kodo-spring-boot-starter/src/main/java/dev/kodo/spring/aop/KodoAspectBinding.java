package dev.kodo.spring.aop;

import dev.kodo.core.Kodo;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * With AspectJ load-time weaving, core's {@code KodoAspect} records into {@link Kodo#global()}: this makes the
 * application's {@link Kodo} that global instance while the context lives.
 */
public final class KodoAspectBinding implements InitializingBean, DisposableBean {

    private final Kodo kodo;

    public KodoAspectBinding(Kodo kodo) {
        this.kodo = kodo;
    }

    @Override
    public void afterPropertiesSet() {
        Kodo.setGlobal(kodo);
    }

    @Override
    public void destroy() {
        if (Kodo.global() == kodo) {
            Kodo.setGlobal(null);
        }
    }
}
