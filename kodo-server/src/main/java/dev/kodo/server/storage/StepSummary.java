package dev.kodo.server.storage;

import dev.kodo.core.run.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a run's steps that the rollups need (name, failed or not, duration), stored beside the run so that
 * rolling up a minute of runs reads a few short lines instead of parsing each run's JSON. One line per step:
 * {@code o|f <tab> durationMs <tab> name}, with backslash, tab and newline in names escaped.
 */
public final class StepSummary {

    /** One step as the rollups see it. */
    public record Entry(String name, boolean failed, double durationMs) {
    }

    private StepSummary() {
    }

    public static String encode(List<Step> steps) {
        StringBuilder sb = new StringBuilder(steps.size() * 32);
        for (Step step : steps) {
            sb.append(step.failed() ? 'f' : 'o').append('\t').append(step.durationNanos() / 1e6).append('\t');
            String name = step.name();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                switch (c) {
                    case '\\': sb.append("\\\\"); break;
                    case '\t': sb.append("\\t"); break;
                    case '\n': sb.append("\\n"); break;
                    default: sb.append(c);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static List<Entry> decode(String summary) {
        List<Entry> entries = new ArrayList<>();
        int pos = 0;
        while (pos < summary.length()) {
            int end = summary.indexOf('\n', pos);
            int tab1 = summary.indexOf('\t', pos);
            int tab2 = summary.indexOf('\t', tab1 + 1);
            boolean failed = summary.charAt(pos) == 'f';
            double ms = Double.parseDouble(summary.substring(tab1 + 1, tab2));
            entries.add(new Entry(unescape(summary, tab2 + 1, end), failed, ms));
            pos = end + 1;
        }
        return entries;
    }

    private static String unescape(String s, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char next = s.charAt(++i);
                sb.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
