package dev.kodo.collector.config;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${VAR}} and {@code ${VAR:-default}} in kodo.yaml values from the local environment, as a shell
 * does: {@code :-} uses the default when the variable is unset or empty. Values are resolved on this machine and
 * never shipped.
 */
final class Variables {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> environment;

    Variables(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @param unresolved told the name of each variable that is unset and has no default; it then stays as written
     */
    String resolve(String value, Consumer<String> unresolved) {
        if (value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        while (m.find()) {
            String name = m.group(1);
            String set = environment.get(name);
            String replacement;
            if (m.group(2) != null) {
                replacement = set == null || set.isEmpty() ? m.group(3) : set;
            } else if (set != null) {
                replacement = set;
            } else {
                unresolved.accept(name);
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
