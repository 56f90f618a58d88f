package dev.kodo.core.context;

import dev.kodo.core.internal.ContextHolder;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * Lets Micrometer's context-propagation carry the current workflow run across threads: Spring's
 * {@code ContextPropagatingTaskDecorator}, Reactor's automatic context propagation, and anything else built on
 * {@code ContextSnapshot}. Registered through {@code META-INF/services}, so it is active whenever
 * {@code io.micrometer:context-propagation} is on the classpath.
 */
public final class KodoThreadLocalAccessor implements ThreadLocalAccessor<ContextSnapshot> {

    /** The key under which the run travels, e.g. in a Reactor {@code Context}. */
    public static final String KEY = "dev.kodo.run";

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public ContextSnapshot getValue() {
        ContextSnapshot current = KodoContext.capture();
        return current.isEmpty() ? null : current;
    }

    @Override
    public void setValue(ContextSnapshot value) {
        ContextHolder holder = ContextHolder.get();
        holder.run = value.run;
        holder.step = value.step;
    }

    @Override
    public void setValue() {
        ContextHolder holder = ContextHolder.get();
        holder.run = null;
        holder.step = null;
    }
}
