package io.realdb.engine.limits;

import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Learning limits from synthetic histories whose distributions are known. */
class LimitLearnerTest {

    private static final LearningOptions NO_SLACK = new LearningOptions(95, 0, 1, 0, 2, 0, 10, 1000, false);
    private static final Limits DEFAULTS = new Limits(Map.of("default", 60.0), Map.of("default", 100_000L),
            Map.of("default", 100_000L), Map.of());

    /** One run per value, each with one step 151->152 that took that many seconds and touched that many rows. */
    private static List<RunRecord> history(List<Long> values, LongFunction<RowCounts> rows) {
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            long value = values.get(i);
            Step step = Step.of(Phase.UPGRADE_CHANGE, "151", "152", true, value * 1000, rows.apply(value));
            runs.add(run(i, List.of(step), List.of()));
        }
        return runs;
    }

    private static RunRecord run(int i, List<Step> steps, List<Finding> findings) {
        RunResult result = new RunResult(1, "user_001", Verdict.of(findings), null, null, null,
                Map.of("startedAt", Instant.EPOCH.plusSeconds(i).toString()), findings, steps);
        return RunRecord.from(result).build();
    }

    private static List<Long> shuffled(long from, long to) {
        List<Long> values = new ArrayList<>(LongStream.rangeClosed(from, to).boxed().toList());
        Collections.shuffle(values, new Random(42));
        return values;
    }

    private static LimitSuggestion only(List<LimitSuggestion> suggestions, LimitKind kind) {
        return suggestions.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void shouldTakeThe95thPercentileOfOneToHundredAs95() {
        List<LimitSuggestion> suggestions = new LimitLearner(NO_SLACK)
                .suggest(history(shuffled(1, 100), v -> null), Limits.NONE);

        LimitSuggestion seconds = only(suggestions, LimitKind.SECONDS);
        assertThat(seconds.samples()).isEqualTo(100);
        assertThat(seconds.observed()).isEqualTo(95.0);
        assertThat(seconds.after()).isEqualTo(95L);
        assertThat(seconds.outcome()).isEqualTo(LimitSuggestion.Outcome.ADDED);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 11, 12, 20, 37, 50, 99, 100, 101})
    void shouldTakeTheNearestRankPercentileNotTheMinimumForAnyNumberOfSamples(int count) {
        List<LimitSuggestion> suggestions = new LimitLearner(NO_SLACK)
                .suggest(history(shuffled(1, count), v -> null), Limits.NONE);

        long rank = (long) Math.ceil(0.95 * count);
        LimitSuggestion seconds = only(suggestions, LimitKind.SECONDS);
        assertThat(seconds.observed()).isEqualTo((double) rank);
        assertThat(seconds.after()).isEqualTo(rank);
        assertThat(seconds.after().longValue()).isGreaterThan(1);
    }

    @Test
    void shouldFindThe95thPercentileOfANormalDistribution() {
        Random random = new Random(7);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            values.add(Math.round(300 + 20 * random.nextGaussian()));
        }
        LearningOptions options = new LearningOptions(95, 0, 1, 0, 2, 0, 10, 5000, false);

        LimitSuggestion seconds = only(new LimitLearner(options).suggest(history(values, v -> null), Limits.NONE),
                LimitKind.SECONDS);

        // 300 + 1.645 standard deviations
        assertThat(seconds.observed()).isCloseTo(332.9, within(2.0));
    }

    @Test
    void shouldAddSlackAndRoundUpToWholeSeconds() {
        LearningOptions options = new LearningOptions(95, 0.2, 1, 0, 2, 0, 10, 1000, false);

        LimitSuggestion seconds = only(new LimitLearner(options).suggest(history(shuffled(1, 100), v -> null), Limits.NONE),
                LimitKind.SECONDS);

        assertThat(seconds.after()).isEqualTo(114L);
    }

    @Test
    void shouldRoundTheMostRowsUpToTwoSignificantDigits() {
        List<RunRecord> runs = history(shuffled(1, 20), v -> new RowCounts(v == 20 ? 3_412_345 : v * 1000, 0, v == 7 ? 101 : 1, 0));
        LearningOptions options = new LearningOptions(95, 0, 1, 0, 2, 0, 10, 1000, true);

        List<LimitSuggestion> suggestions = new LimitLearner(options).suggest(runs, Limits.NONE);

        assertThat(only(suggestions, LimitKind.ROWS_READ).observed()).isEqualTo(3_412_345.0);
        assertThat(only(suggestions, LimitKind.ROWS_READ).after()).isEqualTo(3_500_000L);
        assertThat(only(suggestions, LimitKind.ROWS_CHANGED).after()).isEqualTo(110L);
        assertThat(LimitLearner.roundUp(BigInteger.valueOf(3_400_000), 2)).isEqualTo(3_400_000L);
        assertThat(LimitLearner.roundUp(BigInteger.valueOf(7), 2)).isEqualTo(7L);
    }

    @Test
    void shouldNotLearnBelowTheSmallestLimits() {
        LearningOptions options = new LearningOptions(95, 0.25, 5, 0, 2, 1000, 10, 1000, true);
        List<RunRecord> runs = history(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), v -> new RowCounts(3, 0, 0, 0));

        List<LimitSuggestion> suggestions = new LimitLearner(options).suggest(runs, Limits.NONE);

        assertThat(only(suggestions, LimitKind.SECONDS).after()).isEqualTo(5L);
        assertThat(only(suggestions, LimitKind.ROWS_READ).after()).isEqualTo(1000L);
    }

    @Test
    void shouldKeepTheLimitOfAStepWithTooFewSamplesAndSaySo() {
        Limits limits = new Limits(Map.of("default", 60.0, "151->152", 333.0), Map.of(), Map.of(), Map.of());

        LimitSuggestion seconds = only(new LimitLearner(LearningOptions.DEFAULT)
                .suggest(history(shuffled(1, 9), v -> null), limits), LimitKind.SECONDS);

        assertThat(seconds.outcome()).isEqualTo(LimitSuggestion.Outcome.TOO_FEW_SAMPLES);
        assertThat(seconds.samples()).isEqualTo(9);
        assertThat(seconds.after()).isEqualTo(333.0);
        assertThat(LimitLearner.changes(List.of(seconds)).isEmpty()).isTrue();
    }

    @Test
    void shouldLetTheDefaultCoverAStepThatFitsUnderIt() {
        List<RunRecord> runs = history(shuffled(11, 40), v -> new RowCounts(v, 0, 0, 0));
        Limits withOwnKey = new Limits(Map.of("default", 60.0, "151->152", 120.0), Map.of("default", 100_000L),
                Map.of("default", 100_000L), Map.of());

        List<LimitSuggestion> plain = new LimitLearner(LearningOptions.DEFAULT).suggest(runs, DEFAULTS);
        List<LimitSuggestion> owned = new LimitLearner(LearningOptions.DEFAULT).suggest(runs, withOwnKey);
        LearningOptions tighten = new LearningOptions(95, 0.25, 1, 0, 2, 1000, 10, 200, true);
        List<LimitSuggestion> tightened = new LimitLearner(tighten).suggest(runs, DEFAULTS);

        assertThat(only(plain, LimitKind.SECONDS).outcome()).isEqualTo(LimitSuggestion.Outcome.DEFAULT_SUFFICES);
        assertThat(only(owned, LimitKind.SECONDS).outcome()).isEqualTo(LimitSuggestion.Outcome.REMOVED);
        assertThat(LimitLearner.changes(owned).removed()).containsEntry(LimitKind.SECONDS, java.util.Set.of("151->152"));
        assertThat(only(tightened, LimitKind.SECONDS).outcome()).isEqualTo(LimitSuggestion.Outcome.ADDED);
        // 30 samples 11..40: rank 29 is 39 s, plus a quarter is 48.75 s
        assertThat(only(tightened, LimitKind.SECONDS).after()).isEqualTo(49L);
    }

    @Test
    void shouldRaiseAStepsLimitAboveTheDefaultWhenItNeedsMore() {
        List<RunRecord> runs = history(shuffled(301, 400), v -> null);
        Limits limits = new Limits(Map.of("default", 60.0, "151->152", 333.0), Map.of(), Map.of(), Map.of());

        LimitSuggestion seconds = only(new LimitLearner(LearningOptions.DEFAULT).suggest(runs, limits), LimitKind.SECONDS);

        assertThat(seconds.outcome()).isEqualTo(LimitSuggestion.Outcome.CHANGED);
        assertThat(seconds.before()).isEqualTo(333.0);
        assertThat(seconds.after()).isEqualTo(494L);
    }

    @Test
    void shouldIgnoreRunsThatBrokeForInfrastructureAndStepsThatDidNotEnd() {
        List<RunRecord> runs = new ArrayList<>(history(shuffled(1, 10), v -> null));
        Finding died = new Finding(FindingKind.INFRASTRUCTURE, Severity.ERROR, "Infrastructure error: server died");
        runs.add(run(99, List.of(Step.of(Phase.UPGRADE_CHANGE, "151", "152", true, 999_000L, null)), List.of(died)));
        runs.add(run(98, List.of(Step.of(Phase.UPGRADE_CHANGE, "151", "152", false, null, null)), List.of()));

        LimitSuggestion seconds = only(new LimitLearner(NO_SLACK).suggest(runs, Limits.NONE), LimitKind.SECONDS);

        assertThat(seconds.samples()).isEqualTo(10);
        assertThat(seconds.after()).isEqualTo(10L);
    }

    @Test
    void shouldCountAStepRunAgainAfterTheDowngradeAsOneMoreSample() {
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            runs.add(run(i, List.of(Step.of(Phase.UPGRADE_CHANGE, "151", "152", true, 10_000L, null),
                    Step.of(Phase.DOWNGRADE, "152", "151", true, 20_000L, null),
                    Step.of(Phase.UPGRADE_AGAIN, "151", "152", true, 30_000L, null)), List.of()));
        }

        List<LimitSuggestion> suggestions = new LimitLearner(NO_SLACK).suggest(runs, Limits.NONE);

        assertThat(suggestions).filteredOn(s -> s.kind() == LimitKind.SECONDS)
                .extracting(LimitSuggestion::step, LimitSuggestion::samples, LimitSuggestion::after)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("151->152", 10, 30L),
                        org.assertj.core.groups.Tuple.tuple("152->151", 5, null));
    }

    @Test
    void shouldOrderStepsByVersionNumber() {
        assertThat(java.util.stream.Stream.of("100->101", "99->100", "151->152", "152->151", "abc->def")
                .sorted(LimitLearner.STEP_ORDER).toList())
                .containsExactly("99->100", "100->101", "151->152", "152->151", "abc->def");
    }
}
