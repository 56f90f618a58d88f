package dev.kodo.collector;

import dev.kodo.collector.config.ProcessConfig;
import dev.kodo.collector.source.SourceRow;
import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunLimits;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a table row into a run:
 * <ul>
 *   <li>id {@code <process>:<row id>}, workflow = the process name, source {@code table:<table>};</li>
 *   <li>status from the status column through status_map and the default words; an unmapped value is warned
 *       about once and the row is treated as still running;</li>
 *   <li>startedAt from started_at; endedAt (finished rows only) from completed_at, else the cursor column when
 *       it is another column, else startedAt (duration 0, with a warning);</li>
 *   <li>for failed rows: error {@code {type: <status value>, message: <error column>}}, and when a step column is
 *       mapped, failedStep and one failed step spanning the run;</li>
 *   <li>attribute columns copied as strings (cut at 1024 characters); stuck_after as stuckAfterMs.</li>
 * </ul>
 */
final class RunMapper {

    /**
     * Distinct unmapped status values warned about per process; beyond them one summary line is printed and no
     * more values are remembered (a free-text status column must not grow memory or the log without limit).
     */
    static final int MAX_UNMAPPED_VALUES_WARNED = 20;
    /** How much of an unmapped status value a warning quotes. */
    private static final int MAX_QUOTED_STATUS = 100;

    private final ProcessConfig process;
    private final Log log;
    private final String idPrefix;
    private final Set<String> unmappedWarned = new HashSet<>();
    private boolean unmappedCapped;

    RunMapper(ProcessConfig process, Log log) {
        this.process = process;
        this.log = log;
        this.idPrefix = process.name() + ":";
    }

    /** The row's status; an unmapped value counts as running and is warned about once. */
    RunStatus statusOf(SourceRow row) {
        RunStatus s = process.statusMap().lookup(row.status());
        if (s == null) {
            warnUnmapped(row.status() == null ? "NULL" : row.status());
            return RunStatus.RUNNING;
        }
        return s;
    }

    private void warnUnmapped(String value) {
        if (unmappedCapped || unmappedWarned.contains(value)) {
            return;
        }
        if (unmappedWarned.size() == MAX_UNMAPPED_VALUES_WARNED) {
            unmappedCapped = true;
            unmappedWarned.clear();
            log.warn("process " + process.name() + ": more than " + MAX_UNMAPPED_VALUES_WARNED + " distinct status "
                    + "values of column " + process.status() + " are not mapped; further ones are not listed (they "
                    + "also count as still running). If that column holds free text, point status at the column "
                    + "with the state (" + process.locationOf("status") + ").");
            return;
        }
        unmappedWarned.add(value);
        String quoted = value.length() > MAX_QUOTED_STATUS ? value.substring(0, MAX_QUOTED_STATUS) + "..." : value;
        log.warn("process " + process.name() + ": status value \"" + quoted + "\" of column " + process.status()
                + " is not mapped, so rows with it count as still running. If it means finished, add it to "
                + "status_map (" + process.locationOf("-") + "), e.g. status_map: { " + yamlKey(quoted)
                + ": ok } or failed");
    }

    /** The run for {@code row}, or {@code null} when the row has no time to start it at (warned once). */
    Run toRun(SourceRow row, RunStatus status) {
        Instant startedAt = first(row.startedAt(), row.cursor(), row.completedAt());
        if (startedAt == null) {
            log.warnOnce(process.name() + "/no-start", "process " + process.name() + ": row " + row.id()
                    + " has no " + process.startedAt() + " (nor any other time), so it cannot be shipped; rows like "
                    + "it are skipped");
            return null;
        }
        if (row.startedAt() == null) {
            log.warnOnce(process.name() + "/start-fallback", "process " + process.name() + ": some rows have no "
                    + process.startedAt() + "; their runs start at " + (row.cursor() != null ? process.cursor()
                    : process.completedAt()) + " instead");
        }
        Instant endedAt = null;
        if (status.isTerminal()) {
            endedAt = endOf(row, startedAt);
        }
        ErrorInfo error = null;
        String failedStep = null;
        List<Step> steps = List.of();
        if (status == RunStatus.FAILED) {
            if (process.error() != null && row.error() != null) {
                error = new ErrorInfo(row.status() == null ? "failed" : row.status(), row.error());
            }
            if (process.step() != null && row.step() != null && !row.step().isBlank()) {
                failedStep = cut(row.step(), RunLimits.MAX_NAME_LENGTH);
                steps = List.of(new Step(failedStep, StepStatus.FAILED, startedAt,
                        Duration.between(startedAt, endedAt).toNanos(), null, error));
            }
        }
        Map<String, String> attributes = row.attributes();
        if (!attributes.isEmpty()) {
            Map<String, String> cut = new LinkedHashMap<>();
            attributes.forEach((k, v) -> cut.put(k, cut(v, RunLimits.MAX_ATTRIBUTE_VALUE_LENGTH)));
            attributes = cut;
        }
        return new Run(runId(row.id()), process.name(), status, startedAt, endedAt, failedStep, error, steps,
                attributes, process.runSource(), null, null, process.stuckAfter());
    }

    private Instant endOf(SourceRow row, Instant startedAt) {
        Instant end = row.completedAt();
        if (end == null && !process.cursor().equals(process.startedAt())) {
            end = row.cursor();
        }
        if (end == null) {
            log.warnOnce(process.name() + "/no-end", "process " + process.name() + ": finished rows without "
                    + (process.completedAt() == null ? "a completed_at column" : process.completedAt() + " set")
                    + " are shipped with a duration of 0; map completed_at (" + process.locationOf("-")
                    + ") to a column set when a row finishes");
            return startedAt;
        }
        if (end.isBefore(startedAt)) {
            log.warnOnce(process.name() + "/end-before-start", "process " + process.name() + ": row " + row.id()
                    + " ends before it starts; such rows are shipped with a duration of 0");
            return startedAt;
        }
        return end;
    }

    /** {@code <process>:<row id>}; an id too long for the wire is replaced by a hash of it (stable, so idempotent). */
    String runId(String rowId) {
        String id = idPrefix + rowId;
        if (id.length() <= RunLimits.MAX_ID_LENGTH) {
            return id;
        }
        log.warnOnce(process.name() + "/long-id", "process " + process.name() + ": some row ids make run ids "
                + "longer than " + RunLimits.MAX_ID_LENGTH + " characters; those runs get <process>:sha256-<hash> ids");
        return idPrefix + "sha256-" + sha256(rowId).substring(0, 40);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Instant first(Instant a, Instant b, Instant c) {
        return a != null ? a : b != null ? b : c;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static String yamlKey(String value) {
        return value.matches("[A-Za-z_][A-Za-z0-9_-]*") ? value : "\"" + value.replace("\"", "\\\"") + "\"";
    }
}
