package dev.kodo.collector.config;

import java.util.List;

/** kodo.yaml cannot be used; {@link #getMessage()} lists every problem found, one per line. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String file, List<ConfigProblem> problems) {
        super(describe(file, problems), null, false, false);
    }

    /** A problem with the file as a whole (it cannot be read, it is not YAML, ...). */
    public ConfigException(String message) {
        super(message, null, false, false);
    }

    private static String describe(String file, List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder(file).append(problems.size() == 1 ? " has a problem:" : " has "
                + problems.size() + " problems:");
        for (ConfigProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
