package dev.kodo.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static final Instant NOW = Instant.parse("2026-12-04T15:42:33Z");

    @Test
    void theLastDayByDefault() {
        assertThat(Window.of(null, null, null, NOW)).isEqualTo(new Window(NOW.minus(Duration.ofDays(1)), NOW, "24h"));
        assertThat(Window.of("7d", null, null, NOW).from()).isEqualTo(NOW.minus(Duration.ofDays(7)));
    }

    @Test
    void fromAndToMakeACustomWindow() {
        Window w = Window.of(null, "2026-12-04T10:00:00Z", "2026-12-04T12:30:00+01:00", NOW);
        assertThat(w).isEqualTo(new Window(Instant.parse("2026-12-04T10:00:00Z"), Instant.parse("2026-12-04T11:30:00Z"), "custom"));
    }

    @Test
    void bucketsAreTheNarrowestWidthThatFits() {
        assertThat(Window.of("1h", null, null, NOW).bucketWidth(200)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Window.of("24h", null, null, NOW).bucketWidth(200)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Window.of("7d", null, null, NOW).bucketWidth(200)).isEqualTo(Duration.ofHours(1));
        assertThat(Window.of("24h", null, null, NOW).bucketWidth(30)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void wrongParametersAreNamed() {
        assertThatThrownBy(() -> Window.of("1 week", null, null, NOW)).isInstanceOfSatisfying(BadRequestException.class,
                e -> assertThat(e.field()).isEqualTo("window"));
        assertThatThrownBy(() -> Window.of("365d", null, null, NOW)).hasMessageContaining("90d");
        assertThatThrownBy(() -> Window.of(null, "yesterday", null, NOW)).isInstanceOfSatisfying(BadRequestException.class,
                e -> assertThat(e.field()).isEqualTo("from"));
        assertThatThrownBy(() -> Window.of(null, "2026-12-04T12:00:00Z", "2026-12-04T11:00:00Z", NOW))
                .hasMessageContaining("before");
        assertThatThrownBy(() -> Window.of("1h", "2026-12-04T12:00:00Z", null, NOW)).hasMessageContaining("either");
    }

    @Test
    void aFromAfterNowWithoutToSaysItMustBeBeforeNow() {
        assertThatThrownBy(() -> Window.of(null, "2026-12-04T16:00:00Z", null, NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("from"))
                .hasMessage("from: must be before now (2026-12-04T15:42:33Z), as to is not given");
    }

    @Test
    void timestampsOutsideTheStoredYearsAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> Window.of(null, "+10000-01-01T00:00:00Z", "+10000-01-02T00:00:00Z", NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("from"))
                .hasMessageContaining("9999-12-31");
        assertThatThrownBy(() -> Window.of(null, "2026-12-03T00:00:00Z", "+10000-01-02T00:00:00Z", NOW))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }
}
