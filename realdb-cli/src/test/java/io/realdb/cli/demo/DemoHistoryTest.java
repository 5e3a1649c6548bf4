package io.realdb.cli.demo;

import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void shouldMakeNoSamplesOfARunInWhichNoStepEnded() {
        RunResult broken = new RunResult(RunResult.SCHEMA_VERSION, "demo", Verdict.ERROR, null, "5", 1_000L, Map.of(),
                List.of(), List.of(Step.of(Phase.UPGRADE_TRUNK, "2", "3", false, null, null)));

        assertThat(DemoHistory.around(broken, LIMITS, 40)).isEmpty();
    }
}
