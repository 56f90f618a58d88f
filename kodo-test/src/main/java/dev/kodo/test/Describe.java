package dev.kodo.test;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import java.util.List;
import java.util.Locale;

/** How failure messages show recorded runs: one line per run, one indented line per step. */
final class Describe {

    private Describe() {
    }

    static String runs(List<Run> runs) {
        if (runs.isEmpty()) {
            return "  (no runs recorded)";
        }
        StringBuilder sb = new StringBuilder();
        for (Run run : runs) {
            sb.append(run(run)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    static String run(Run run) {
        StringBuilder sb = new StringBuilder("  ").append(run.workflow()).append(' ')
                .append(run.failed() ? "FAILED" : run.status().wireName());
        if (run.failedStep() != null) {
            sb.append(" at ").append(run.failedStep());
        }
        if (run.duration() != null) {
            sb.append(String.format(Locale.ROOT, " in %.1f ms", run.duration().toNanos() / 1e6));
        }
        if (run.error() != null) {
            sb.append(": ").append(run.error().type()).append(": ").append(run.error().message());
        }
        if (!run.attributes().isEmpty()) {
            sb.append(' ').append(run.attributes());
        }
        sb.append(" (run ").append(run.id()).append(')');
        for (Step step : run.steps()) {
            sb.append("\n    ").append(step.parent() == null ? "" : step.parent() + " > ").append(step.name())
                    .append(' ').append(step.failed() ? "FAILED" : "ok")
                    .append(String.format(Locale.ROOT, " %.1f ms", step.durationNanos() / 1e6));
            if (step.error() != null) {
                sb.append(" (").append(step.error().simpleType()).append(": ").append(step.error().message())
                        .append(')');
            }
        }
        return sb.toString();
    }
}
