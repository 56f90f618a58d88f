package dev.kodo.core.sink;

/**
 * Contributes a sink to every {@code Kodo} instance built while it is on the classpath, found with
 * {@link java.util.ServiceLoader} through {@code META-INF/services/dev.kodo.core.sink.RunSinkProvider}. This is
 * how a library adds itself without configuration, whatever framework builds the instance: kodo-test uses it to
 * record runs for assertions in plain JUnit, Spring Boot and Quarkus tests alike.
 *
 * <pre>{@code
 * public final class AuditSinkProvider implements RunSinkProvider {
 *     public RunSink sink() {
 *         return run -> audit.write(run.workflow(), run.status());
 *     }
 * }
 * // META-INF/services/dev.kodo.core.sink.RunSinkProvider contains: com.example.AuditSinkProvider
 * }</pre>
 *
 * <p>Turn discovery off with {@code Kodo.builder().discoverSinks(false)}.
 */
public interface RunSinkProvider {

    /**
     * The sink to add to a new instance. Called once per instance; may return the same sink every time.
     * Must not throw.
     */
    RunSink sink();
}
