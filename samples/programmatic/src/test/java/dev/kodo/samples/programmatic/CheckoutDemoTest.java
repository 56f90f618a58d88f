package dev.kodo.samples.programmatic;

import static dev.kodo.test.KodoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.test.KodoTest;
import dev.kodo.test.RecordedRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs on JUnit 6 with the test kit, which is built against the Jupiter 5 API. */
@KodoTest
class CheckoutDemoTest {

    @Test
    void aFulfilledOrderRunsTheFourStepsInOrder(Kodo kodo, RecordedRuns runs) throws Exception {
        String ticket = new Checkout(kodo, new Random(1), 0).fulfill(new Checkout.Order("A-1", 1999));

        assertThat(ticket).startsWith("ticket-A-1");
        assertThat(runs.single("checkout-fulfillment")).isOk().hasAttribute("order.id", "A-1")
                .hasStepsInOrder("charge_card", "reserve_inventory", "notify_warehouse", "mark_fulfilled");
    }

    @Test
    void aDeclinedCardFailsTheRunAtChargeCardWithTheCheckedException(Kodo kodo, RecordedRuns runs) {
        Checkout checkout = new Checkout(kodo, new Random(1), 1.0);

        assertThatThrownBy(() -> checkout.fulfill(new Checkout.Order("A-2", 1999)))
                .isInstanceOf(Checkout.CardDeclinedException.class);
        assertThat(runs.single("checkout-fulfillment")).failedAt("charge_card")
                .hasErrorOfType(Checkout.CardDeclinedException.class).hasStepsInOrder("charge_card");
    }

    @Test
    void theDemoRecordsEveryCheckoutAndPrintsTheFailingSteps(Kodo kodo, RecordedRuns runs) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int failed = CheckoutDemo.run(kodo, 40, 0.3, new Random(1), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(runs.all()).hasSize(40);
        assertThat(runs.all().stream().filter(Run::failed).count()).isEqualTo(failed).isPositive();
        assertThat(runs.all()).filteredOn(Run::failed)
                .allSatisfy(r -> assertThat(r.failedStep()).isIn("charge_card", "reserve_inventory"));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("checkout-fulfillment: 40 runs");
    }
}
