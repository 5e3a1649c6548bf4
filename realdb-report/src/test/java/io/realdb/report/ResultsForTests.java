package io.realdb.report;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small results with known steps and findings. */
public final class ResultsForTests {

    private final String dataset;
    private final List<Step> steps = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, String> info = new LinkedHashMap<>();
    private Long durationMs = 892_000L;

    private ResultsForTests(String dataset) {
        this.dataset = dataset;
        info.put("engine", "mariadb");
        info.put("serverVersion", "10.11.19-MariaDB");
        info.put("startedAt", "2026-11-20T09:30:00Z");
    }

    public static ResultsForTests of(String dataset) {
        return new ResultsForTests(dataset);
    }

    public ResultsForTests step(Phase phase, String from, String to, Long millis) {
        steps.add(Step.of(phase, from, to, millis != null, millis, millis == null ? null : new RowCounts(100, 10, 0, 0)));
        return this;
    }

    /**
     * The last step, probed: writes and reads to {@code table} blocked as long as given (each longest wait
     * 300 ms more), with the given locks and rewrites, at the default threshold of 200 ms.
     */
    public ResultsForTests impact(long writeBlockedMs, long readBlockedMs, String table, List<String> rewrites,
                                  StepImpact.TableLock... locks) {
        List<StepImpact.BlockedTable> blocked = new ArrayList<>();
        if (writeBlockedMs > 0) {
            blocked.add(new StepImpact.BlockedTable(table, StepImpact.Access.WRITE, writeBlockedMs, writeBlockedMs + 300, 4));
        }
        if (readBlockedMs > 0) {
            blocked.add(new StepImpact.BlockedTable(table, StepImpact.Access.READ, readBlockedMs, readBlockedMs + 300, 2));
        }
        StepImpact impact = new StepImpact(readBlockedMs, writeBlockedMs, readBlockedMs + 300, writeBlockedMs + 300,
                blocked, List.of(locks), rewrites, 200, 1_000, 500);
        steps.set(steps.size() - 1, steps.get(steps.size() - 1).withImpact(impact));
        return this;
    }

    public ResultsForTests finding(FindingKind kind, Severity severity, String message, Integer step) {
        findings.add(new Finding(kind, severity, message, step == null ? null : steps.get(step).key(), step));
        return this;
    }

    /** A finding about step {@code step}'s measurement, with its phase, value and the default limit. */
    public ResultsForTests measured(FindingKind kind, String message, int step, long value) {
        findings.add(Finding.ofMeasurement(kind, kind.defaultSeverity(), message, steps.get(step), step, value,
                new Limit(100_000, "default"), null));
        return this;
    }

    public ResultsForTests duration(Long millis) {
        this.durationMs = millis;
        return this;
    }

    public ResultsForTests info(String key, String value) {
        info.put(key, value);
        return this;
    }

    public RunResult result() {
        return new RunResult(RunResult.SCHEMA_VERSION, dataset, Verdict.of(findings), "152", "152", durationMs, info,
                findings, steps);
    }

    /** nova_user_001: 150->151, 151->152 took too long, 152->151, 151->152 again. */
    public static RunResult failing() {
        return of("nova_user_001")
                .step(Phase.UPGRADE_CHANGE, "150", "151", 8_200L)
                .step(Phase.UPGRADE_CHANGE, "151", "152", 412_000L)
                .step(Phase.DOWNGRADE, "152", "151", 154_000L)
                .step(Phase.UPGRADE_AGAIN, "151", "152", 163_000L)
                .finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration 151->152 took too long (412 s > 333 s)", 1)
                .result();
    }

    public static RunResult passing() {
        return of("nova_user_002").step(Phase.UPGRADE_CHANGE, "151", "152", 95_000L).duration(120_000L).result();
    }
}
