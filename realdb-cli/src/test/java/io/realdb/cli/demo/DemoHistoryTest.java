package io.realdb.cli.demo;

import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.StepImpact.Access;
import io.realdb.engine.model.StepImpact.BlockedTable;
import io.realdb.engine.model.StepImpact.TableLock;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The demo's sample history: made up around a run's own numbers, varied, and labelled. */
class DemoHistoryTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Limits LIMITS = new Limits(Map.of("default", 60.0), Map.of("default", 1_000_000L),
            Map.of("default", 100_000L), Map.of());

    private static RunResult run() {
        List<Step> steps = List.of(
                Step.of(Phase.UPGRADE_TRUNK, "2", "3", true, 400L, new RowCounts(10, 0, 0, 0)),
                Step.of(Phase.UPGRADE_CHANGE, "3", "4", true, 6_000L, new RowCounts(250_000, 0, 250_000, 0)),
                Step.of(Phase.UPGRADE_CHANGE, "4", "5", false, null, null));
        return new RunResult(RunResult.SCHEMA_VERSION, "demo", Verdict.FAIL, "5", "5", 9_000L,
                Map.of("engine", "mariadb", "startedAt", NOW.toString()), List.of(), steps);
    }

    @Test
    void shouldMakeEarlierRunsOfTheSameStepsOneADayLabelledAsSamples() {
        List<RunResult> samples = DemoHistory.around(run(), LIMITS, 40);

        assertThat(samples).hasSize(40).allSatisfy(sample -> {
            assertThat(sample.dataset()).isEqualTo("demo");
            assertThat(sample.info()).containsEntry(RunRecord.INFO_SAMPLE, DemoHistory.MADE_BY)
                    .containsEntry("engine", "mariadb");
            assertThat(sample.steps()).extracting(Step::key).containsExactly("2->3", "3->4");
            assertThat(Instant.parse(sample.info().get("startedAt"))).isBefore(NOW);
        });
        List<Instant> starts = samples.stream().map(s -> Instant.parse(s.info().get("startedAt"))).toList();
        assertThat(starts).isSorted();
        assertThat(starts.get(0)).isBefore(NOW.minusSeconds(39L * 86_400));
    }

    @Test
    void shouldVaryDurationsAndRowsAroundTheRunsWithAFewSlowBuilds() {
        List<Long> durations = DemoHistory.around(run(), LIMITS, 40).stream()
                .map(s -> s.steps().get(1).durationMs()).toList();
        List<Long> rows = DemoHistory.around(run(), LIMITS, 40).stream()
                .map(s -> s.steps().get(1).rowsRead()).toList();

        assertThat(durations.stream().distinct()).hasSizeGreaterThan(30);
        assertThat(durations).allSatisfy(d -> assertThat(d).isBetween(4_800L, 17_280L));
        long slow = durations.stream().filter(d -> d > 7_200).count();
        assertThat(slow).isEqualTo(3);
        assertThat(rows).allSatisfy(r -> assertThat(r).isBetween(240_000L, 260_000L));
        assertThat(rows.stream().distinct()).hasSizeGreaterThan(30);
    }

    @Test
    void shouldJudgeEachSampleAgainstTheDatasetsLimits() {
        RunResult sample = DemoHistory.around(run(), LIMITS, 1).get(0);

        assertThat(sample.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(sample.findings()).extracting(f -> f.kind().id()).containsExactly("too-many-rows-changed");
        assertThat(sample.steps().get(1).limits()).isEqualTo(LIMITS.forStep("3->4"));
    }

    /** A run whose copy of a table blocked writes, whose instant column blocked nothing, and whose first step went unprobed. */
    private static RunResult probedRun() {
        StepImpact copy = new StepImpact(0, 2_000, 30, 2_200,
                List.of(new BlockedTable("instances", Access.WRITE, 2_000, 2_200, 1)),
                List.of(new TableLock("instances", "MDL_SHARED_NO_WRITE")), List.of("instances"), 200, 100, 3);
        StepImpact instant = new StepImpact(0, 0, 4, 5, List.of(), List.of(), List.of(), 200, 2, 2);
        List<Step> steps = List.of(
                Step.of(Phase.UPGRADE_TRUNK, "2", "3", true, 400L, new RowCounts(10, 0, 0, 0)),
                Step.of(Phase.UPGRADE_CHANGE, "5", "6", true, 2_500L, new RowCounts(250_000, 250_000, 0, 0))
                        .withImpact(copy),
                Step.of(Phase.UPGRADE_CHANGE, "6", "7", true, 30L, new RowCounts(3, 0, 0, 0)).withImpact(instant));
        return new RunResult(RunResult.SCHEMA_VERSION, "demo", Verdict.WARN, "7", "7", 4_000L,
                Map.of("engine", "mariadb", "startedAt", NOW.toString()), List.of(), steps);
    }

    @Test
    void shouldVaryTheTimeAStepBlockedWithItsDurationAndKeepWhatBlocked() {
        RunResult run = probedRun();
        StepImpact measured = run.steps().get(1).impact();

        List<RunResult> samples = DemoHistory.around(run, LIMITS, 40);

        assertThat(samples).allSatisfy(sample -> {
            Step copy = sample.steps().get(1);
            double scale = copy.durationMs() / 2_500.0;
            StepImpact impact = copy.impact();
            assertThat(impact.writeBlockedMs()).isCloseTo(Math.round(2_000 * scale), within(1L));
            assertThat(impact.maxWriteWaitMs()).isEqualTo(200 + impact.writeBlockedMs());
            assertThat(impact.readBlockedMs()).isZero();
            assertThat(impact.maxReadWaitMs()).isEqualTo(30);
            assertThat(impact.blockedTables()).singleElement().satisfies(table -> {
                assertThat(table.table()).isEqualTo("instances");
                assertThat(table.blockedMs()).isEqualTo(impact.writeBlockedMs());
                assertThat(table.waits()).isEqualTo(1);
            });
            assertThat(impact.locks()).isEqualTo(measured.locks());
            assertThat(impact.rewrites()).containsExactly("instances");
            assertThat(impact.thresholdMs()).isEqualTo(200);
        });
        List<Long> blocked = samples.stream().map(s -> s.steps().get(1).impact().writeBlockedMs()).toList();
        assertThat(blocked).allSatisfy(ms -> assertThat(ms).isBetween(1_600L, 5_760L));
        assertThat(blocked.stream().distinct()).hasSizeGreaterThan(30);
        assertThat(DemoHistory.around(run, LIMITS, 40)).isEqualTo(samples);
    }

    @Test
    void shouldKeepAStepThatBlockedNothingUnblockedAndAnUnprobedStepUnprobed() {
        List<RunResult> samples = DemoHistory.around(probedRun(), LIMITS, 40);

        assertThat(samples).allSatisfy(sample -> {
            assertThat(sample.steps().get(0).impact()).isNull();
            StepImpact instant = sample.steps().get(2).impact();
            assertThat(instant.writeBlockedMs()).isZero();
            assertThat(instant.readBlockedMs()).isZero();
            assertThat(instant.maxWriteWaitMs()).isEqualTo(5);
            assertThat(instant.blockedTables()).isEmpty();
        });
    }

    @Test
    void shouldJudgeEachSamplesBlockedTimeAgainstTheDatasetsLimits() {
        Limits blockLimits = new Limits(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("default", 500L),
                Map.of("default", 500L));

        List<RunResult> samples = DemoHistory.around(probedRun(), blockLimits, 40);

        assertThat(samples).allSatisfy(sample -> {
            assertThat(sample.verdict()).isEqualTo(Verdict.WARN);
            assertThat(sample.findings()).extracting(f -> f.kind().id()).containsExactly("writes-blocked");
            assertThat(sample.findings().get(0).message()).startsWith("Migration 5->6 blocked writes to instances for ");
        });
    }

    @Test
    void shouldMakeNoSamplesOfARunInWhichNoStepEnded() {
        RunResult broken = new RunResult(RunResult.SCHEMA_VERSION, "demo", Verdict.ERROR, null, "5", 1_000L, Map.of(),
                List.of(), List.of(Step.of(Phase.UPGRADE_TRUNK, "2", "3", false, null, null)));

        assertThat(DemoHistory.around(broken, LIMITS, 40)).isEmpty();
    }
}
