package io.realdb.engine.regression;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Histories with known distributions: runs of one step whose values a function of the run's number gives. */
final class SyntheticRuns {

    static final String KEY_FROM = "151";
    static final String KEY_TO = "152";

    private SyntheticRuns() {
    }

    /** One run's steps: 151->152 in the change, and again after a downgrade when {@code again} is not null. */
    static List<Step> steps(long millis, long read, long changed, Long again) {
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of(Phase.UPGRADE_CHANGE, KEY_FROM, KEY_TO, true, millis, new RowCounts(read, 0, changed, 0)));
        if (again != null) {
            steps.add(Step.of(Phase.DOWNGRADE, KEY_TO, KEY_FROM, true, 1_000L, RowCounts.ZERO));
            steps.add(Step.of(Phase.UPGRADE_AGAIN, KEY_FROM, KEY_TO, true, again, new RowCounts(read, 0, changed, 0)));
        }
        return steps;
    }

    /** {@code count} earlier runs, newest first, each from {@code run}. */
    static List<List<Step>> history(int count, IntFunction<List<Step>> run) {
        List<List<Step>> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            runs.add(run.apply(i));
        }
        return runs;
    }

    /** 100 s give or take 3 s, evenly: the median of any 30 of them in a row is 100 s. */
    static long aroundHundredSeconds(int run) {
        return 100_000 + (run % 7 - 3) * 1_000L;
    }

    static RunResult result(String dataset, String engine, List<Step> steps, List<Finding> findings, Instant startedAt) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("dataset", dataset);
        if (engine != null) {
            info.put("engine", engine);
        }
        info.put("startedAt", startedAt.toString());
        return new RunResult(RunResult.SCHEMA_VERSION, dataset, Verdict.of(findings), KEY_TO, KEY_TO, 600_000L, info,
                findings, steps);
    }

    static RunResult result(List<Step> steps) {
        return result("user_001", "mariadb", steps, List.of(), Instant.parse("2026-02-01T00:00:00Z"));
    }
}
