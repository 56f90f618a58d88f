package dev.kodo.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStoreTest {

    private static final Instant T = Instant.parse("2026-12-04T15:00:00Z");

    @Test
    void withinOneBatchTheFirstFinalRecordOfARunWinsElseItsLastRunningOne() {
        Run running1 = run("a", RunStatus.RUNNING);
        Run running2 = run("a", RunStatus.RUNNING);
        Run ok = run("b", RunStatus.OK);
        Run failedLater = run("b", RunStatus.FAILED);
        Run runningAfterFinal = run("b", RunStatus.RUNNING);

        List<Run> winners = RunStore.winners(List.of(running1, ok, running2, failedLater, runningAfterFinal));

        assertThat(winners).containsExactly(running2, ok);
    }

    @Test
    void aBatchWithoutRepeatsIsKeptAsItIs() {
        List<Run> runs = List.of(run("a", RunStatus.OK), run("b", RunStatus.RUNNING));
        assertThat(RunStore.winners(runs)).isSameAs(runs);
    }

    private static Run run(String id, RunStatus status) {
        return new Run(id, "w", status, T, status.isTerminal() ? T.plusSeconds(1) : null, null, null, List.of(),
                null, null, null, null, null);
    }
}
