package io.realdb.report.trend;

import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run on a trend: when it ran, which build, its verdict and steps.
 *
 * @param stepsWithFindings indexes of the steps that a finding names
 * @param sample            what made the run up when it was not measured (the demo's sample history), else null
 */
public record TrendRun(Instant startedAt, String buildId, String buildUrl, Verdict verdict, boolean thisRun,
                       List<Step> steps, Set<Integer> stepsWithFindings, String sample) {

    public TrendRun {
        steps = List.copyOf(steps);
        stepsWithFindings = Set.copyOf(stepsWithFindings);
    }

    public static TrendRun past(RunRecord run) {
        return new TrendRun(run.startedAt(), run.buildId(), run.buildUrl(), run.verdict(), false, run.steps(),
                flagged(run.findings()), run.info().get(RunRecord.INFO_SAMPLE));
    }

    public static TrendRun current(RunResult result, Instant startedAt, String buildId, String buildUrl) {
        return new TrendRun(startedAt, buildId, buildUrl, result.verdict(), true, result.steps(), flagged(result.findings()),
                null);
    }

    private static Set<Integer> flagged(List<Finding> findings) {
        Set<Integer> indexes = new HashSet<>();
        for (Finding f : findings) {
            if (f.stepIndex() != null) {
                indexes.add(f.stepIndex());
            }
        }
        return indexes;
    }
}
