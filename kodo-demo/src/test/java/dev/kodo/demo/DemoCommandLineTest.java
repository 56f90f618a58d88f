package dev.kodo.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo's command line: {@code bin/demo} and the options it passes to {@link Demo}. */
class DemoCommandLineTest {

    @Test
    void stopAfterTakesSecondsMinutesAndHours() {
        assertThat(Demo.parse("--stop-after", "90s").stopAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(Demo.parse("--stop-after", "10m").stopAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(Demo.parse("--stop-after", "1h30m").stopAfter()).isEqualTo(Duration.ofMinutes(90));
        assertThat(Demo.parse().stopAfter()).isNull();
    }

    @Test
    void aStopAfterItCannotReadIsAUsageErrorThatNamesTheOptionAndTheValue() {
        for (String value : new String[] {"1d", "soon", "-5m", "0s"}) {
            assertThatThrownBy(() -> Demo.parse("--stop-after", value))
                    .isInstanceOf(Demo.UsageException.class)
                    .hasMessageContaining("--stop-after")
                    .hasMessageContaining("\"" + value + "\"")
                    .hasMessageContaining("10m");
        }
    }

    @Test
    void unknownOptionsAndBadPortsAreUsageErrors() {
        assertThatThrownBy(() -> Demo.parse("--verbose")).isInstanceOf(Demo.UsageException.class)
                .hasMessageContaining("--verbose");
        assertThatThrownBy(() -> Demo.parse("--server-port", "70000")).isInstanceOf(Demo.UsageException.class)
                .hasMessageContaining("--server-port");
        assertThatThrownBy(() -> Demo.parse("--home")).isInstanceOf(Demo.UsageException.class)
                .hasMessageContaining("--home needs a value");
    }

    @Test
    void binDemoHelpAnswersWithoutBuilding() throws Exception {
        Path script = Path.of("..", "bin", "demo").toAbsolutePath().normalize();
        Process process = new ProcessBuilder("bash", script.toString(), "--help").redirectErrorStream(true).start();
        // A build would take minutes; the help is there at once (the limit only keeps a broken script from hanging).
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("bin/demo --help ended; output: %s", output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("--stop-after").contains("--home").doesNotContain("building");
    }
}
