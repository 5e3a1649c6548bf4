package io.realdb.engine.regression;

import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.realdb.engine.regression.SyntheticRuns.aroundHundredSeconds;
import static io.realdb.engine.regression.SyntheticRuns.result;
import static io.realdb.engine.regression.SyntheticRuns.steps;
import static org.assertj.core.api.Assertions.assertThat;

/** The check against a real history: earlier runs of the same dataset and engine, never the run itself. */
class RegressionCheckTest {

    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private HistoryStore historyOf(int runs, String engine) {
        HistoryStore store = HistoryStores.open(HistoryLocation.embedded(dir));
        for (int i = 0; i < runs; i++) {
            store.record(RunRecord.from(result("user_001", engine, steps(aroundHundredSeconds(i), 100_000, 0, null),
                    List.of(), T0.plusSeconds(3600L * i))).build());
        }
        return store;
    }

    @Test
    void shouldAddAWarningAgainstTheDatasetsEarlierRuns() {
        RunResult run = result(steps(250_000, 100_000, 0, null));

        RunResult judged;
        try (HistoryStore store = historyOf(30, "mariadb")) {
            judged = RegressionCheck.apply(run, Limits.NONE, store);
        }

        assertThat(judged.verdict()).isEqualTo(Verdict.WARN);
        assertThat(judged.findings()).extracting(Finding::kind).containsExactly(FindingKind.DURATION_REGRESSION);
        assertThat(judged.findings().get(0).message()).contains("2.5x its median of the last 30 runs");
    }

    @Test
    void shouldNeverCompareARunWithItself() {
        RunResult run = result(steps(250_000, 100_000, 0, null));

        RunResult judged;
        try (HistoryStore store = historyOf(9, "mariadb")) {
            store.record(RunRecord.from(run).build());
            judged = RegressionCheck.apply(run, Limits.NONE, store);
        }

        assertThat(judged).isEqualTo(run);
    }

    @Test
    void shouldCompareWithRunsOnTheSameEngineOnly() {
        RunResult run = result(steps(250_000, 100_000, 0, null));

        RunResult judged;
        try (HistoryStore store = historyOf(30, "postgresql")) {
            judged = RegressionCheck.apply(run, Limits.NONE, store);
        }

        assertThat(judged.findings()).isEmpty();
        assertThat(judged.verdict()).isEqualTo(Verdict.PASS);
    }
}
