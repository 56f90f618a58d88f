package dev.kodo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules every integration checks before core; core's builder enforces the same ones. */
class SettingRulesTest {

    @Test
    void durationsMustBeMoreThanZero() {
        assertThat(SettingRules.isPositive(Duration.ofMillis(1))).isTrue();
        assertThat(SettingRules.isPositive(Duration.ZERO)).isFalse();
        assertThat(SettingRules.isPositive(Duration.ofSeconds(-5))).isFalse();
        assertThat(SettingRules.isPositive(null)).isFalse();
    }

    @Test
    void countsMustBeAtLeastOne() {
        assertThat(SettingRules.isAtLeastOne(1)).isTrue();
        assertThat(SettingRules.isAtLeastOne(0)).isFalse();
        assertThat(SettingRules.isAtLeastOne(-3)).isFalse();
    }

    @Test
    void theEndpointIsAnAbsoluteHttpOrHttpsUrlWithAHost() {
        assertThat(SettingRules.isHttpUrl("http://localhost:7700")).isTrue();
        assertThat(SettingRules.isHttpUrl(" https://kodo.example.com/ ")).isTrue();
        assertThat(SettingRules.isHttpUrl("localhost:7700")).isFalse();
        assertThat(SettingRules.isHttpUrl("ftp://kodo.example.com")).isFalse();
        assertThat(SettingRules.isHttpUrl("http://")).isFalse();
        assertThat(SettingRules.isHttpUrl("http://bad host")).isFalse();
        assertThat(SettingRules.isHttpUrl((String) null)).isFalse();
        assertThat(SettingRules.isHttpUrl(URI.create("/api/v1/runs"))).isFalse();
    }

    @Test
    void theBuilderRefusesWhatTheRulesRefuseWithTheRulesWords() {
        assertThatThrownBy(() -> Kodo.builder().apiKey("k").endpoint("localhost:7700").registerShutdownHook(false)
                .build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SettingRules.HTTP_URL);
        assertThatThrownBy(() -> Kodo.builder().stuckAfter(Duration.ZERO).registerShutdownHook(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SettingRules.POSITIVE_DURATION);
        assertThatThrownBy(() -> Kodo.builder().apiKey("k").batchSize(0).registerShutdownHook(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(SettingRules.AT_LEAST_ONE);
    }
}
