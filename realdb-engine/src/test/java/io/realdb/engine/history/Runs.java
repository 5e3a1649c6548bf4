package io.realdb.engine.history;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs made up for tests: a dataset, an engine, a start time and steps with known numbers. */
final class Runs {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final String dataset;
    private String engine = "mariadb";
    private Instant startedAt = T0;
    private final List<Step> steps = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private String build;

    private Runs(String dataset) {
        this.dataset = dataset;
    }

    static Runs of(String dataset) {
        return new Runs(dataset);
    }

    Runs engine(String id) {
        this.engine = id;
        return this;
    }

    Runs at(Instant time) {
        this.startedAt = time;
        return this;
    }

    Runs hoursAfterStart(int hours) {
        return at(T0.plusSeconds(3600L * hours));
    }

    Runs build(String id) {
        this.build = id;
        return this;
    }

    Runs step(Phase phase, String from, String to, long millis, long read, long changed) {
        steps.add(Step.of(phase, from, to, true, millis, new RowCounts(read, changed, 0, 0)));
        return this;
    }

    /** The last step added, with {@code impact}. */
    Runs impact(StepImpact impact) {
        steps.set(steps.size() - 1, steps.get(steps.size() - 1).withImpact(impact));
        return this;
    }

    Runs up(String from, String to, long millis) {
        return step(Phase.UPGRADE_CHANGE, from, to, millis, 10, 1);
    }

    Runs unended(String from, String to) {
        steps.add(Step.of(Phase.UPGRADE_CHANGE, from, to, false, null, null));
        return this;
    }

    Runs finding(FindingKind kind, Severity severity, String message, Integer stepIndex) {
        findings.add(stepIndex == null ? new Finding(kind, severity, message)
                : Finding.ofStep(kind, severity, message, steps.get(stepIndex), stepIndex));
        return this;
    }

    RunResult result() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("dataset", dataset);
        info.put("project", "https://review.example.org/nova");
        info.put("change", "refs/changes/15/65615/3");
        if (engine != null) {
            info.put("engine", engine);
            info.put("serverVersion", "10.11.19-MariaDB");
        }
        info.put("startedAt", startedAt.toString());
        return new RunResult(RunResult.SCHEMA_VERSION, dataset, Verdict.of(findings),
                steps.isEmpty() ? null : steps.get(steps.size() - 1).to(), null, 61_000L, info, findings, steps);
    }

    RunRecord record() {
        return RunRecord.from(result()).ciBuild(build, build == null ? null : "https://ci.example.org/job/db/" + build + "/")
                .build();
    }
}
