package dev.kodo.server.health;

import dev.kodo.core.health.DurationSketch;

/**
 * What ended in a stretch of time, for one workflow or one step: how many runs (or step executions) ended ok,
 * failed or were declared lost, how many failed runs failed at this step, and a sketch of the durations of those
 * that ended (ok and failed; lost runs have no end).
 */
final class Tally {

    long ok;
    long failed;
    long lost;
    /** Step tallies only: failed runs whose {@code failedStep} is this step. */
    long failing;
    DurationSketch durations = new DurationSketch();

    /** Counts one run read from the {@code runs} table: ok, failed or lost ({@code durationMs} then ignored). */
    void addRun(String status, Double durationMs) {
        if ("lost".equals(status)) {
            lost++;
        } else {
            add("failed".equals(status), durationMs == null ? 0 : durationMs);
        }
    }

    void add(boolean failedRun, double durationMs) {
        if (failedRun) {
            failed++;
        } else {
            ok++;
        }
        durations.add(durationMs);
    }

    void merge(Tally other) {
        ok += other.ok;
        failed += other.failed;
        lost += other.lost;
        failing += other.failing;
        durations.merge(other.durations);
    }

    /** ok + failed + lost: the runs that count in the completion rate. */
    long ended() {
        return ok + failed + lost;
    }

    /** ok / (ok + failed + lost), or {@code null} when nothing ended. */
    Double completionRate() {
        long ended = ended();
        return ended == 0 ? null : (double) ok / ended;
    }

    /** The duration at quantile {@code q} in milliseconds (1 % relative error), or {@code null} when none ended. */
    Double quantile(double q) {
        return durations.count() == 0 ? null : durations.quantile(q);
    }
}
