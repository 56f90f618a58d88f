package dev.kodo.samples.programmatic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's programmatic-API example is this sample's code, compiled and run by the build. */
class ReadmeSnippetTest {

    @Test
    void theReadmeQuotesTheCompiledCheckoutCode() throws IOException {
        String source = Files.readString(Path.of("src/main/java/dev/kodo/samples/programmatic/Checkout.java"));
        Matcher m = Pattern.compile("// README: programmatic API[^\n]*\n(.*?)\n\\s*// README: end", Pattern.DOTALL)
                .matcher(source);
        assertThat(m.find()).as("markers in Checkout.java").isTrue();
        String snippet = m.group(1).lines().map(line -> line.replaceFirst("^ {8}", ""))
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(Path.of("../../README.md"))).contains(snippet);
    }
}
