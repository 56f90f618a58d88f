package dev.kodo.quarkus.runtime;

import dev.kodo.core.context.ContextSnapshot;
import dev.kodo.core.context.KodoContext;
import dev.kodo.core.context.Scope;
import java.util.Map;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * Carries the current workflow run across threads with SmallRye Context Propagation: a task submitted to a
 * {@code ManagedExecutor} (or continued by a {@code ThreadContext}-wrapped function) runs in the run and step
 * that were current when it was submitted, so the steps it calls are recorded in that run.
 *
 * <pre>{@code
 * @Inject ManagedExecutor executor;
 *
 * @KodoWorkflow("nightly-invoicing")
 * public void invoice(List<Customer> customers) {
 *     customers.forEach(c -> executor.submit(() -> renderer.render(c)));   // render() is a @KodoStep
 * }
 * }</pre>
 *
 * Registered through {@code META-INF/services}; active when the application has
 * {@code quarkus-smallrye-context-propagation}.
 */
public final class KodoThreadContextProvider implements ThreadContextProvider {

    /** The context type, as named in {@code ManagedExecutor.Builder#propagated(...)}. */
    public static final String TYPE = "Kodo";

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return attaching(KodoContext.capture());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return attaching(KodoContext.empty());
    }

    @Override
    public String getThreadContextType() {
        return TYPE;
    }

    private static ThreadContextSnapshot attaching(ContextSnapshot snapshot) {
        return () -> {
            Scope scope = snapshot.attach();
            return scope::close;
        };
    }
}
