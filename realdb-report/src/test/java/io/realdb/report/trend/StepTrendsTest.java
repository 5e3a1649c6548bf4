package io.realdb.report.trend;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.Verdict;
import io.realdb.report.chart.Chart;
import io.realdb.report.chart.EChartsOption;
import io.realdb.report.chart.Mark;
import io.realdb.report.chart.Series;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Trend charts per step from runs with known numbers. */
class StepTrendsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Limits LIMITS = new Limits(Map.of("default", 60.0, "151->152", 20.0),
            Map.of("default", 100_000L), Map.of("default", 100L), Map.of());

    private static Step step(Phase phase, String from, String to, long millis, long read, long changed) {
        return Step.of(phase, from, to, true, millis, new RowCounts(read, changed, 0, 0));
    }

    /** Runs an hour apart; run i took 10 + i seconds for 151->152, upgraded again at half that. */
    private static List<TrendRun> runs(int count, boolean lastIsThisRun) {
        List<TrendRun> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Step> steps = List.of(
                    step(Phase.UPGRADE_CHANGE, "151", "152", (10 + i) * 1000L, 1000 + i, 50 + i),
                    step(Phase.DOWNGRADE, "152", "151", 3000, 900, 40),
                    step(Phase.UPGRADE_AGAIN, "151", "152", (10 + i) * 500L, 1000, 50));
            runs.add(new TrendRun(T0.plusSeconds(3600L * i), "b" + i, null, Verdict.PASS,
                    lastIsThisRun && i == count - 1, steps, Set.of(), null));
        }
        return runs;
    }

    private static List<Mark> marks(Chart chart, int panel) {
        return chart.series().stream().filter(s -> s.panel() == panel).flatMap(s -> s.marks().stream()).toList();
    }

    @Test
    void shouldChartEachMetricOfBothPassesRunByRun() {
        StepTrend trend = new StepTrends(ReportedLimits.of(LIMITS), 250).trend(runs(5, true), "151->152");

        Chart chart = trend.chart();
        assertThat(trend.runs()).isEqualTo(5);
        assertThat(chart.panels()).extracting(p -> p.title()).containsExactly(
                "duration (s) · limit 20 s", "rows read · limit 100,000", "rows changed · limit 100");
        assertThat(chart.series()).extracting(Series::name, Series::panel, Series::y).containsExactly(
                org.assertj.core.groups.Tuple.tuple("upgrade", 0, "duration"),
                org.assertj.core.groups.Tuple.tuple("upgrade again", 0, "durationAgain"),
                org.assertj.core.groups.Tuple.tuple("upgrade", 1, "rowsRead"),
                org.assertj.core.groups.Tuple.tuple("upgrade again", 1, "rowsReadAgain"),
                org.assertj.core.groups.Tuple.tuple("upgrade", 2, "rowsChanged"),
                org.assertj.core.groups.Tuple.tuple("upgrade again", 2, "rowsChangedAgain"));
        assertThat(chart.dataSet().column("duration")).containsExactly(10.0, 11.0, 12.0, 13.0, 14.0);
        assertThat(chart.dataSet().column("durationAgain")).containsExactly(5.0, 5.5, 6.0, 6.5, 7.0);
        assertThat(chart.dataSet().column("time")).containsExactly(
                T0.toEpochMilli(), T0.toEpochMilli() + 3_600_000, T0.toEpochMilli() + 7_200_000,
                T0.toEpochMilli() + 10_800_000, T0.toEpochMilli() + 14_400_000);
    }

    @Test
    void shouldChartTheBlockedTimeOfProbedRunsAgainstTheBlockLimits() {
        Limits limits = new Limits(Map.of("default", 60.0), Map.of(), Map.of(), Map.of(),
                Map.of("default", 1_000L), Map.of("default", 500_000L));
        List<TrendRun> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Step copy = step(Phase.UPGRADE_CHANGE, "151", "152", 2_000, 10, 10);
            if (i > 0) {
                // the first run predates the probes: it has no blocked time, not a blocked time of zero
                copy = copy.withImpact(new StepImpact(100L * i, 1_000L * i, 300, 1_200L * i, List.of(), List.of(),
                        List.of("instances"), 200, 50, 50));
            }
            runs.add(new TrendRun(T0.plusSeconds(3600L * i), "b" + i, null, Verdict.PASS, i == 3, List.of(copy),
                    Set.of(), null));
        }

        Chart chart = new StepTrends(ReportedLimits.of(limits), 250).trend(runs, "151->152").chart();

        assertThat(chart.panels()).hasSize(4);
        assertThat(chart.panels().get(3).title()).isEqualTo("blocked (s) · writes limit 1 s · reads limit 500 s");
        assertThat(chart.dataSet().column("writeBlocked")).containsExactly(null, 1.0, 2.0, 3.0);
        assertThat(chart.dataSet().column("readBlocked")).containsExactly(null, 0.1, 0.2, 0.3);
        assertThat(chart.series()).filteredOn(s -> s.panel() == 3).extracting(Series::name, Series::y).containsExactly(
                org.assertj.core.groups.Tuple.tuple("writes blocked", "writeBlocked"),
                org.assertj.core.groups.Tuple.tuple("reads blocked", "readBlocked"));
        assertThat(marks(chart, 3)).as("the read limit is far above every value: named, not drawn").containsExactly(
                new Mark.Limit(1.0, "writes limit"),
                new Mark.ThisRun(T0.toEpochMilli() + 3 * 3_600_000L, 3.0, "this run"),
                new Mark.ThisRun(T0.toEpochMilli() + 3 * 3_600_000L, 0.3, "this run"));
        JsonNode option = EChartsOption.of(chart);
        assertThat(option.get("grid")).hasSize(4);
    }

    @Test
    void shouldDrawOneLineForTheSameLimitOfWritesAndReads() {
        Limits limits = new Limits(Map.of("default", 60.0), Map.of(), Map.of(), Map.of(),
                Map.of("default", 500L), Map.of("default", 500L));
        Step copy = step(Phase.UPGRADE_CHANGE, "151", "152", 2_000, 10, 10).withImpact(new StepImpact(800, 1_900, 1_000,
                2_100, List.of(), List.of(), List.of(), 200, 50, 50));
        List<TrendRun> runs = List.of(new TrendRun(T0, "b0", null, Verdict.PASS, false, List.of(copy), Set.of(), null));

        Chart chart = new StepTrends(ReportedLimits.of(limits), 250).trend(runs, "151->152").chart();

        assertThat(chart.panels().get(3).title()).isEqualTo("blocked (s) · writes limit 0.5 s · reads limit 0.5 s");
        assertThat(marks(chart, 3)).containsExactly(new Mark.Limit(0.5, "limit"));
    }

    @Test
    void shouldLeaveOutTheBlockedPanelWhereNoRunWasProbed() {
        Chart chart = new StepTrends(ReportedLimits.of(LIMITS), 250).trend(runs(5, true), "151->152").chart();

        assertThat(chart.panels()).hasSize(3);
        assertThat(chart.dataSet().column("writeBlocked")).containsOnlyNulls();
    }

    @Test
    void shouldMarkThisRunAndDrawTheLimitWhereTheAxisReachesIt() {
        Chart chart = new StepTrends(ReportedLimits.of(LIMITS), 250).trend(runs(5, true), "151->152").chart();

        assertThat(marks(chart, 0)).containsExactly(new Mark.Limit(20.0, "limit"),
                new Mark.ThisRun(T0.toEpochMilli() + 14_400_000, 14.0, "this run"));
        assertThat(chart.panels().get(0).max()).isGreaterThanOrEqualTo(20.0);
        assertThat(marks(chart, 2)).contains(new Mark.Limit(100.0, "limit"));
        // 100,000 rows read is far above 1,004: drawing it would flatten the line, the title names it instead
        assertThat(marks(chart, 1)).noneMatch(m -> m instanceof Mark.Limit);
        assertThat(chart.panels().get(1).max()).isNull();
    }

    @Test
    void shouldChartADowngradeAsItsOwnStep() {
        Chart chart = new StepTrends(ReportedLimits.of(LIMITS), 250).trend(runs(3, true), "152->151").chart();

        assertThat(chart.series()).extracting(Series::name).containsOnly("downgrade").hasSize(3);
        assertThat(chart.dataSet().column("duration")).containsExactly(3.0, 3.0, 3.0);
    }

    @Test
    void shouldDownsampleLongHistoriesAndKeepThisRunAndStepsWithFindings() {
        List<TrendRun> runs = new ArrayList<>(runs(1000, true));
        TrendRun flagged = runs.get(400);
        runs.set(400, new TrendRun(flagged.startedAt(), flagged.buildId(), null, Verdict.FAIL, false, flagged.steps(), Set.of(0), null));

        StepTrend trend = new StepTrends(ReportedLimits.of(LIMITS), 100).trend(runs, "151->152");

        assertThat(trend.runs()).isEqualTo(1000);
        assertThat(trend.shown()).isBetween(90, 104);
        List<Object> runIndexes = trend.chart().dataSet().column("run");
        assertThat(runIndexes).contains(0, 400, 999);
        JsonNode option = EChartsOption.of(trend.chart());
        assertThat(option.get("dataset").get(0).get("source")).hasSize(trend.shown());
    }

    @Test
    void shouldLeaveOutRunsThatDidNotRunTheStep() {
        List<TrendRun> runs = new ArrayList<>(runs(3, false));
        runs.add(new TrendRun(T0.plusSeconds(99_999), null, null, Verdict.ERROR, true, List.of(), Set.of(), null));

        StepTrend trend = new StepTrends(ReportedLimits.of(LIMITS), 250).trend(runs, "151->152");

        assertThat(trend.runs()).isEqualTo(3);
        assertThat(marks(trend.chart(), 0)).noneMatch(m -> m instanceof Mark.ThisRun);
    }

    @Test
    void shouldRoundAxisEndsToReadableNumbers() {
        assertThat(StepTrends.niceCeiling(21.6)).isEqualTo(22.0);
        assertThat(StepTrends.niceCeiling(3_747_600)).isEqualTo(3_800_000.0);
        assertThat(StepTrends.niceCeiling(0.0432)).isEqualTo(0.044);
    }
}
