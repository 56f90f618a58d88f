package dev.kodo.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.Kodo;
import dev.kodo.spring.actuate.KodoEndpoint.KodoDescriptor;
import dev.kodo.spring.actuate.KodoEndpoint.WorkflowDescriptor;
import dev.kodo.spring.autoconfigure.KodoAutoConfiguration;
import dev.kodo.spring.autoconfigure.KodoEndpointAutoConfiguration;
import dev.kodo.spring.autoconfigure.KodoHealthContributorAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

class KodoEndpointTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KodoAutoConfiguration.class, KodoEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=kodo");

    @Test
    void showsEachWorkflowsCompletionRatePercentilesAndFailingStep() {
        runner.withPropertyValues("spring.application.name=shop").run(context -> {
            Kodo kodo = context.getBean(Kodo.class);
            kodo.run("checkout-fulfillment", wf -> {
                wf.step("charge_card", () -> "charged");
            });
            assertThatThrownBy(() -> kodo.run("checkout-fulfillment", wf -> {
                wf.step("charge_card", () -> "charged");
                wf.step("reserve_inventory", () -> {
                    throw new IllegalStateException("out of stock");
                });
            })).hasMessage("out of stock");

            KodoDescriptor answer = context.getBean(KodoEndpoint.class).kodo();
            assertThat(answer.service()).isEqualTo("shop");
            WorkflowDescriptor checkout = answer.workflows().get("checkout-fulfillment");
            assertThat(checkout.runs()).isEqualTo(2);
            assertThat(checkout.completionRate()).isEqualTo(0.5);
            assertThat(checkout.p95Ms()).isNotNull().isGreaterThanOrEqualTo(0.0);
            assertThat(checkout.failuresByStep()).containsEntry("reserve_inventory", 1L);
            assertThat(checkout.recentFailures()).singleElement().satisfies(failure -> {
                assertThat(failure.failedStep()).isEqualTo("reserve_inventory");
                assertThat(failure.errorMessage()).isEqualTo("out of stock");
            });
            assertThat(answer.reporter().enabled()).isFalse();
            assertThat(context.getBean(KodoEndpoint.class).workflow("checkout-fulfillment")).isEqualTo(checkout);
            assertThat(context.getBean(KodoEndpoint.class).workflow("never-ran")).isNull();
        });
    }

    @Test
    void theHealthIndicatorIsOfferedWhereBootHasItsHealthApiInOrgSpringframeworkBootHealth() {
        boolean boot4 = ClassUtils.isPresent("org.springframework.boot.health.contributor.HealthIndicator", null);
        runner.withConfiguration(AutoConfigurations.of(KodoHealthContributorAutoConfiguration.class)).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(KodoEndpoint.class);
            assertThat(context.containsBean("kodoHealthIndicator")).isEqualTo(boot4);
        });
    }

    @Test
    void noEndpointUnlessExposed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KodoAutoConfiguration.class,
                        KodoEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(Kodo.class).doesNotHaveBean(KodoEndpoint.class));
    }

    @Test
    void noEndpointWithoutTheActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).hasSingleBean(Kodo.class).doesNotHaveBean(KodoEndpoint.class));
    }
}
