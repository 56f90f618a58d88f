package dev.kodo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KodoBuilderTest {

    @Test
    void theEnvironmentConfiguresKeyEndpointServiceAndEnvironment() {
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false).fromEnvironment(Map.of(
                "KODO_API_KEY", "k", "KODO_ENDPOINT", "http://127.0.0.1:1", "KODO_SERVICE", "billing",
                "KODO_ENVIRONMENT", "staging")).shutdownTimeout(Duration.ofMillis(100)).build()) {
            assertThat(kodo.resource().service()).isEqualTo("billing");
            assertThat(kodo.resource().environment()).isEqualTo("staging");
            assertThat(kodo.reporterStats().enabled()).isTrue();
            assertThat(kodo.reporterStats().endpoint()).isEqualTo("http://127.0.0.1:1");
        }
    }

    @Test
    void unsetVariablesKeepTheDefaults() {
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false).fromEnvironment(Map.of()).build()) {
            assertThat(kodo.resource().service()).isEqualTo("unknown_service:java");
            assertThat(kodo.reporterStats().enabled()).isFalse();
            assertThat(kodo.resource().instance()).isNotBlank();
            assertThat(kodo.resource().sdk()).startsWith("kodo-java/");
        }
    }

    @Test
    void badSettingsAreRefusedWithTheSettingAndTheExpectedForm() {
        assertThatThrownBy(() -> Kodo.builder().endpoint("localhost:7700").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint must be an http(s) URL");
        assertThatThrownBy(() -> Kodo.builder().endpoint("not a uri").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"not a uri\"");
        assertThatThrownBy(() -> Kodo.builder().endpoint(URI.create("ftp://x")).build())
                .hasMessageContaining("endpoint");
        assertThatThrownBy(() -> Kodo.builder().queueCapacity(0).build())
                .hasMessage("queueCapacity must be at least 1, was 0");
        assertThatThrownBy(() -> Kodo.builder().flushInterval(Duration.ZERO).build())
                .hasMessageContaining("flushInterval must be a positive duration");
        assertThatThrownBy(() -> Kodo.builder().stuckAfter("checkout", Duration.ofSeconds(-1)).build())
                .hasMessageContaining("stuckAfter of checkout must be a positive duration");
    }

    @Test
    void durationsAcceptTheShortFormsAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> Durations.parse("15 minutes")).hasMessageContaining("use 500ms, 30s, 15m");
    }
}
