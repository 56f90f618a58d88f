package dev.kodo.samples.webhooks;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts the {@link KodoReceiver} before the application and points {@code quarkus.kodo.*} at it. */
public class KodoReceiverResource implements QuarkusTestResourceLifecycleManager {

    private KodoReceiver receiver;

    @Override
    public Map<String, String> start() {
        try {
            receiver = KodoReceiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
        return Map.of(
                "quarkus.kodo.endpoint", receiver.url(),
                "quarkus.kodo.api-key", "test-key",
                "quarkus.kodo.reporter.flush-interval", "100ms");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver, new TestInjector.MatchesType(KodoReceiver.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
