package dev.kodo.test;

import dev.kodo.core.Kodo;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Records the runs of each test for assertions: clears {@link RecordedRuns} before every test (runs that started
 * before the test began are left out even when they end during it) and injects it as a test or lifecycle method
 * parameter. A {@link Kodo} parameter gets an instance for this test (no API key, nothing
 * shipped, closed after the test), for code under test that takes one.
 *
 * <p>In {@code @SpringBootTest} and {@code @QuarkusTest}, the application's own {@code Kodo} records into the same
 * {@link RecordedRuns}: kodo-test adds its sink to every instance built while it is on the classpath (the Quarkus
 * extension looks for it in the application's class loader). Drive the application as usual, e.g. over HTTP:
 *
 * <pre>{@code
 * @QuarkusTest   // or @SpringBootTest(webEnvironment = RANDOM_PORT)
 * @KodoTest
 * class WebhookDeliveryTest {
 *     @Test
 *     void subscriberOutageFailsAtSendRequest(RecordedRuns runs) {
 *         given().body(deliveryTo(downSubscriber)).post("/webhooks/deliveries").then().statusCode(502);
 *         assertThat(runs.single("webhook-delivery")).failedAt("send_request");
 *     }
 * }
 * }</pre>
 *
 * <pre>{@code
 * @ExtendWith(KodoExtension.class)     // or @KodoTest
 * class CheckoutTest {
 *     @Test
 *     void fulfilled(Kodo kodo, RecordedRuns runs) {
 *         new Checkout(kodo).fulfill(order);
 *         KodoAssertions.assertThat(runs.single("checkout-fulfillment")).isOk()
 *                 .hasStepsInOrder("charge_card", "reserve_inventory", "notify_warehouse", "mark_fulfilled");
 *     }
 * }
 * }</pre>
 */
public final class KodoExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KodoExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        RecordedRuns.shared().startTest();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RecordedRuns.class || type == Kodo.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == RecordedRuns.class) {
            return RecordedRuns.shared();
        }
        // Stored in the test's store: JUnit closes it (AutoCloseable) when the test is done. It records into
        // RecordedRuns like every other instance: core finds kodo-test's RunSinkProvider.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Kodo.class,
                k -> Kodo.builder().service("kodo-test").registerShutdownHook(false).build(), Kodo.class);
    }
}
