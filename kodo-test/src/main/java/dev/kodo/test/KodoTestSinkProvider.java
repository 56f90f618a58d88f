package dev.kodo.test;

import dev.kodo.core.sink.RunSink;
import dev.kodo.core.sink.RunSinkProvider;

/**
 * Adds the test kit's recording sink to every {@code Kodo} instance built while kodo-test is on the classpath:
 * the one you build in a plain test, the Spring Boot starter's, the Quarkus extension's. Registered in
 * {@code META-INF/services}; nothing to configure.
 */
public final class KodoTestSinkProvider implements RunSinkProvider {

    @Override
    public RunSink sink() {
        return RecordedRuns.shared().sink();
    }
}
