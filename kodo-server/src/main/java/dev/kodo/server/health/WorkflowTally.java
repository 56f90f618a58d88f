package dev.kodo.server.health;

import dev.kodo.server.storage.StepSummary;
import java.util.Map;
import java.util.TreeMap;

/** A workflow's {@link Tally} over some time, and one per step. */
final class WorkflowTally {

    /** The name used for the run itself in rollup rows, where step rows carry the step's name. */
    static final String RUN = "";

    final Tally runs = new Tally();
    final Map<String, Tally> steps = new TreeMap<>();

    /**
     * Counts one run read from the {@code runs} table.
     *
     * @param status     ok, failed or lost
     * @param durationMs its duration ({@code null} when lost)
     * @param failedStep the step that failed first, or {@code null}
     * @param stepSummary its {@link StepSummary}, or {@code null} to leave the steps out; a lost run's steps are
     *                    always left out
     */
    void addRun(String status, Double durationMs, String failedStep, String stepSummary) {
        runs.addRun(status, durationMs);
        if ("failed".equals(status) && failedStep != null) {
            step(failedStep).failing++;
        }
        // Step numbers count the runs the duration percentiles count, those that ended (DESIGN section 3): a lost
        // run has not ended, and its steps so far are no sample of the process's steps.
        if (stepSummary != null && !"lost".equals(status)) {
            for (StepSummary.Entry entry : StepSummary.decode(stepSummary)) {
                step(entry.name()).add(entry.failed(), entry.durationMs());
            }
        }
    }

    /** Adds a rollup row: the run's ({@code step} = {@link #RUN}) or a step's. */
    void addRow(String step, Tally tally) {
        (RUN.equals(step) ? runs : step(step)).merge(tally);
    }

    void merge(WorkflowTally other) {
        runs.merge(other.runs);
        other.steps.forEach((name, tally) -> step(name).merge(tally));
    }

    Tally step(String name) {
        return steps.computeIfAbsent(name, n -> new Tally());
    }
}
