package dev.kodo.core.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import org.junit.jupiter.api.Test;

class RunSinkProviderTest {

    @Test
    void sinksOfProvidersOnTheClasspathReceiveRunsOfEveryInstance() {
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false).build()) {
            kodo.run("discovered-sink-check", wf -> { });
        }
        assertThat(DiscoveredSinkProvider.SINK.runs("discovered-sink-check")).hasSize(1);
    }

    @Test
    void discoveryCanBeTurnedOff() {
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false).discoverSinks(false).build()) {
            kodo.run("undiscovered-sink-check", wf -> { });
        }
        assertThat(DiscoveredSinkProvider.SINK.runs("undiscovered-sink-check")).isEmpty();
    }
}
