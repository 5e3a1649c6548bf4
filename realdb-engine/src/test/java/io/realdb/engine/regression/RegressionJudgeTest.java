package io.realdb.engine.regression;

import io.realdb.engine.model.Baseline;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RegressionPolicy;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.realdb.engine.regression.SyntheticRuns.aroundHundredSeconds;
import static io.realdb.engine.regression.SyntheticRuns.history;
import static io.realdb.engine.regression.SyntheticRuns.result;
import static io.realdb.engine.regression.SyntheticRuns.steps;
import static org.assertj.core.api.Assertions.assertThat;

class RegressionJudgeTest {

    private static final Limits DEFAULTS = Limits.NONE;

    private static final List<List<Step>> THIRTY_AROUND_100_S =
            history(30, run -> steps(aroundHundredSeconds(run), 100_000, 0, null));

    private static Limits withPolicy(RegressionPolicy policy) {
        return new Limits(Map.of(), Map.of(), Map.of(), Map.of(), policy);
    }

    @Test
    void shouldFlagAStepThatTookFarLongerThanItsMedian() {
        RunResult run = result(steps(250_000, 100_000, 0, null));

        List<Finding> findings = new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S);

        assertThat(findings).containsExactly(new Finding(FindingKind.DURATION_REGRESSION, Severity.WARNING,
                "Migration 151->152 took 2.5x its median of the last 30 runs (250 s against 100 s)", "151->152", 0,
                Phase.UPGRADE_CHANGE, 250_000L, new Limit(200_000, Limit.REGRESSION_KEY), new Baseline(100_000, 30, 2.0)));
    }

    @Test
    void shouldNotFlagAStepBelowTheFactor() {
        RunResult run = result(steps(150_000, 100_000, 0, null));

        assertThat(new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S)).isEmpty();
    }

    @Test
    void shouldFlagAtAFactorTheDatasetChose() {
        RunResult run = result(steps(150_000, 100_000, 0, null));
        Limits tighter = withPolicy(new RegressionPolicy(true, 1.4, 30, 10, 5, 1000));

        assertThat(new RegressionJudge(tighter).judge(run, THIRTY_AROUND_100_S)).extracting(Finding::message)
                .containsExactly("Migration 151->152 took 1.5x its median of the last 30 runs (150 s against 100 s)");
    }

    @Test
    void shouldJudgeNothingWithFewerEarlierRunsThanTheMinimum() {
        RunResult run = result(steps(250_000, 100_000, 0, null));

        assertThat(new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S.subList(0, 9))).isEmpty();
        assertThat(new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S.subList(0, 10))).hasSize(1);
    }

    @Test
    void shouldNotFlagTinyDifferencesHoweverManyTimesTheMedian() {
        RunResult run = result(steps(300, 100_000, 0, null));
        List<List<Step>> fast = history(30, i -> steps(100 + i % 3, 100_000, 0, null));

        assertThat(new RegressionJudge(DEFAULTS).judge(run, fast)).isEmpty();
    }

    @Test
    void shouldFlagRowsReadAndChangedFarAboveTheirMedians() {
        RunResult run = result(steps(100_000, 310_000, 5_000, null));

        List<Finding> findings = new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S);

        assertThat(findings).extracting(Finding::kind, Finding::message).containsExactly(
                org.assertj.core.api.Assertions.tuple(FindingKind.ROWS_READ_REGRESSION,
                        "Migration 151->152 read 3.1x as many rows as its median of the last 30 runs (310000 against 100000)"),
                org.assertj.core.api.Assertions.tuple(FindingKind.ROWS_CHANGED_REGRESSION,
                        "Migration 151->152 changed 5000 rows where its median of the last 30 runs is 0"));
    }

    @Test
    void shouldNotFlagAFewRowsWhereThereWereNone() {
        RunResult run = result(steps(100_000, 100_000, 999, null));

        assertThat(new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S)).isEmpty();
    }

    @Test
    void shouldCompareTheUpgradeAgainWithEarlierUpgradesAgain() {
        // The upgrade after the downgrade is quick (the data is there already); the first is slow.
        List<List<Step>> runs = history(30, i -> steps(aroundHundredSeconds(i), 100_000, 0, 10_000L + i % 3 * 100));
        RunResult run = result(steps(110_000, 100_000, 0, 45_000L));

        List<Finding> findings = new RegressionJudge(DEFAULTS).judge(run, runs);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.phase()).isEqualTo(Phase.UPGRADE_AGAIN);
            assertThat(f.stepIndex()).isEqualTo(2);
            assertThat(f.message()).isEqualTo("Migration 151->152 took 4.4x its median of the last 30 runs (45 s against 10 s)");
        });
    }

    @Test
    void shouldLookAtTheNewestRunsOnly() {
        // Thirty runs around 100 s, then older ones around 20 s: the old ones do not count.
        List<List<Step>> runs = new java.util.ArrayList<>(THIRTY_AROUND_100_S);
        runs.addAll(history(40, i -> steps(20_000, 100_000, 0, null)));
        RunResult run = result(steps(150_000, 100_000, 0, null));

        assertThat(new RegressionJudge(DEFAULTS).judge(run, runs)).isEmpty();
    }

    @Test
    void shouldLeaveAMeasureThatBrokeItsLimitToThatFinding() {
        Step step = steps(250_000, 100_000, 0, null).get(0);
        Finding tooLong = Finding.ofMeasurement(FindingKind.TOOK_TOO_LONG, Severity.FAILURE,
                "Migration 151->152 took too long (250 s > 200 s)", step, 0, 250_000, new Limit(200_000, "default"), null);
        RunResult run = result("user_001", "mariadb", List.of(step), List.of(tooLong), java.time.Instant.EPOCH);

        assertThat(new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S)).isEmpty();
    }

    @Test
    void shouldJudgeNothingWhenTheDatasetTurnedItOff() {
        RunResult run = result(steps(250_000, 100_000, 0, null));

        assertThat(new RegressionJudge(withPolicy(RegressionPolicy.OFF)).judge(run, THIRTY_AROUND_100_S)).isEmpty();
    }

    @Test
    void shouldMakeAPassingRunAWarningNeverAFailure() {
        RunResult run = result(steps(250_000, 100_000, 0, null));

        RunResult judged = run.withMoreFindings(new RegressionJudge(DEFAULTS).judge(run, THIRTY_AROUND_100_S));

        assertThat(run.verdict()).isEqualTo(Verdict.PASS);
        assertThat(judged.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void shouldTakeTheMeanOfTheMiddleTwoOfAnEvenNumber() {
        assertThat(RegressionJudge.median(List.of(4L, 1L, 3L))).isEqualTo(3);
        assertThat(RegressionJudge.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2);
        assertThat(RegressionJudge.times(20_100, 10_000, 2.0)).isEqualTo("2.01x");
        assertThat(RegressionJudge.times(23_000, 10_000, 2.0)).isEqualTo("2.3x");
    }
}
