package dev.kodo.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMapTest {

    @Test
    void recognisesTheDefaultWordsOfTheDesignIgnoringCase() {
        StatusMap map = StatusMap.withDefaults(Map.of());

        for (String ok : new String[] {"success", "succeeded", "completed", "done", "delivered", "ok", "SUCCESS"}) {
            assertThat(map.lookup(ok)).as(ok).isEqualTo(RunStatus.OK);
        }
        for (String failed : new String[] {"failed", "failure", "error", "errored", "dead", "Failed"}) {
            assertThat(map.lookup(failed)).as(failed).isEqualTo(RunStatus.FAILED);
        }
        for (String running : new String[] {"pending", "queued", "running", "in_progress", "processing", "started",
            "retrying"}) {
            assertThat(map.lookup(running)).as(running).isEqualTo(RunStatus.RUNNING);
        }
        assertThat(map.lookup("paused")).isNull();
        assertThat(map.lookup(null)).isNull();
    }

    @Test
    void theUsersEntriesWinOverTheDefaults() {
        StatusMap map = StatusMap.withDefaults(Map.of("error", RunStatus.RUNNING, "7", RunStatus.OK));

        assertThat(map.lookup("error")).isEqualTo(RunStatus.RUNNING);
        assertThat(map.lookup("ERROR")).isEqualTo(RunStatus.RUNNING);
        assertThat(map.lookup("7")).isEqualTo(RunStatus.OK);
        assertThat(map.lookup("failed")).isEqualTo(RunStatus.FAILED);
    }
}
