package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The application's one {@link Kodo} (or its {@code @Primary} one), looked up at the first annotated call. When
 * there is no single one, annotated calls run unrecorded and a warning says why, once: the advice never throws a
 * lookup failure into the application's code.
 */
final class UniqueKodo implements Supplier<Kodo> {

    private static final Log LOG = LogFactory.getLog(UniqueKodo.class);

    private final ObjectProvider<Kodo> kodo;
    private final ListableBeanFactory beanFactory;
    /** {@code null} until looked up; then the Kodo, or empty when there is no single one. */
    private volatile Optional<Kodo> resolved;
    private boolean warnedLookupFailure;

    UniqueKodo(ObjectProvider<Kodo> kodo, ListableBeanFactory beanFactory) {
        this.kodo = kodo;
        this.beanFactory = beanFactory;
    }

    @Override
    public Kodo get() {
        Optional<Kodo> current = resolved;
        return (current != null ? current : resolve()).orElse(null);
    }

    private synchronized Optional<Kodo> resolve() {
        if (resolved != null) {
            return resolved;
        }
        Kodo unique;
        try {
            unique = kodo.getIfUnique();
        } catch (BeansException e) {
            // Not remembered: the Kodo bean may still be in creation while the context starts.
            if (!warnedLookupFailure) {
                warnedLookupFailure = true;
                LOG.warn("Kodo: the Kodo bean could not be obtained, so this @KodoWorkflow/@KodoStep call is not "
                        + "recorded: " + e.getMessage(), e);
            }
            return Optional.empty();
        }
        if (unique == null) {
            String[] names = beanFactory.getBeanNamesForType(Kodo.class);
            LOG.warn(names.length == 0
                    ? "Kodo: the context has no bean of type dev.kodo.core.Kodo, so @KodoWorkflow and @KodoStep "
                            + "calls are not recorded"
                    : "Kodo: the context has " + names.length + " beans of type dev.kodo.core.Kodo "
                            + Arrays.toString(names) + " and none is @Primary, so @KodoWorkflow and @KodoStep calls "
                            + "are not recorded. Mark the one to record into @Primary, or define only one.");
        }
        resolved = Optional.ofNullable(unique);
        return resolved;
    }
}
