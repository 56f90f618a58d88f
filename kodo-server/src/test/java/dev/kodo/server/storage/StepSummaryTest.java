package dev.kodo.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSummaryTest {

    @Test
    void keepsNameStatusAndDurationOfEveryStepEvenWithTabsNewlinesAndBackslashesInNames() {
        Instant t = Instant.parse("2026-12-04T15:42:33.123456Z");
        List<Step> steps = List.of(
                new Step("charge_card", StepStatus.OK, t, 12_345_000, null, null),
                new Step("odd\tname\nwith \\ slash\\t", StepStatus.FAILED, t, 1_000, "charge_card", null),
                new Step("", StepStatus.OK, t, 0, null, null));

        List<StepSummary.Entry> entries = StepSummary.decode(StepSummary.encode(steps));

        assertThat(entries).containsExactly(
                new StepSummary.Entry("charge_card", false, 12.345),
                new StepSummary.Entry("odd\tname\nwith \\ slash\\t", true, 0.001),
                new StepSummary.Entry("", false, 0.0));
    }

    @Test
    void aRunWithoutStepsHasAnEmptySummary() {
        assertThat(StepSummary.encode(List.of())).isEmpty();
        assertThat(StepSummary.decode("")).isEmpty();
    }
}
