package dev.kodo.samples.programmatic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckoutDemoTest {

    @Test
    void theDemoRecordsEveryCheckoutAndReportsTheFailingSteps() {
        InMemoryRunSink sink = RunSink.inMemory();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int failed;
        try (Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build()) {
            failed = CheckoutDemo.run(kodo, 40, 0.3, new Random(1), new PrintStream(printed, true, StandardCharsets.UTF_8));
        }

        assertThat(sink.runs()).hasSize(40);
        assertThat(sink.runs().stream().filter(Run::failed).count()).isEqualTo(failed).isPositive();
        assertThat(sink.runs()).filteredOn(Run::failed)
                .allSatisfy(r -> assertThat(r.failedStep()).isIn("charge_card", "reserve_inventory"));
        assertThat(sink.runs()).filteredOn(r -> !r.failed()).allSatisfy(r -> assertThat(r.steps()).hasSize(4));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("checkout-fulfillment: 40 runs");
    }
}
