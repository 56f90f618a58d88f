package dev.kodo.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every code block of the README that follows {@code <!-- snippet: PATH -->} is taken from that file, which the
 * build compiles and tests: its lines appear there in the same order ({@code ...} stands for lines left out).
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\\s*```\\w*\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void theReadmesCodeIsTheCompiledCodeOfTheSamples() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = SNIPPET.matcher(readme);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            Path source = ROOT.resolve(m.group(1));
            assertThat(source).as("snippet source").isRegularFile();
            List<String> sourceLines = Files.readAllLines(source).stream().map(String::strip).toList();
            int at = 0;
            for (String line : m.group(2).lines().map(String::strip).toList()) {
                if (line.isEmpty() || line.equals("...")) {
                    continue;
                }
                int found = sourceLines.subList(at, sourceLines.size()).indexOf(line);
                assertThat(found).as("README line \"%s\" in %s (after line %d)", line, m.group(1), at)
                        .isNotNegative();
                at += found + 1;
            }
            checked.add(m.group(1));
        }
        assertThat(checked).as("snippets found in README.md").hasSizeGreaterThanOrEqualTo(8);
    }
}
