package dev.kodo.spring.aop;

import dev.kodo.core.Kodo;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * With AspectJ load-time weaving, core's {@code KodoAspect} records into {@link Kodo#global()}: this makes the
 * application's {@link Kodo} that global instance while the context lives. Without one (two {@code Kodo} beans and
 * none primary) the global stays the no-op instance, and woven calls run unrecorded.
 */
public final class KodoAspectBinding implements InitializingBean, DisposableBean {

    private final Kodo kodo;

    /** @param kodo the instance to make global, or {@code null} to leave the global as it is */
    public KodoAspectBinding(Kodo kodo) {
        this.kodo = kodo;
    }

    @Override
    public void afterPropertiesSet() {
        if (kodo != null) {
            Kodo.setGlobal(kodo);
        }
    }

    @Override
    public void destroy() {
        if (kodo != null && Kodo.global() == kodo) {
            Kodo.setGlobal(null);
        }
    }
}
