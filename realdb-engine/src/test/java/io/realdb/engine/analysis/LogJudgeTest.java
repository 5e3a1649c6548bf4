package io.realdb.engine.analysis;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LogJudgeTest {

    private static final Limits NOVA_TRIVIAL_6000 = TurboHipsterConfig.limits("/turbo-hipster/datasets/nova_trivial_6000.config.json");
    private static final Limits USER_001 = TurboHipsterConfig.limits("/turbo-hipster/datasets/user_001.config.json");

    @Test
    void shouldFindNothingInGoodRun() {
        List<Finding> findings = judge(new LogBuilder().step("4", "5", 100).finalVersion("5"), Limits.NONE, "5");

        assertThat(findings).isEmpty();
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.PASS);
    }

    @Test
    void shouldFlagMigrationFollowedByAnotherStart() {
        List<Finding> findings = judge(new LogBuilder().start("4", "5").step("5", "6", 10), Limits.NONE, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.MIGRATION_NOT_ENDED, Severity.FAILURE,
                "Migration 4 -> 5 started but did not end (5 -> 6 started next)", "4->5", 0, Phase.UPGRADE, null, null, null));
    }

    @Test
    void shouldFlagFailedMigrationWithItsReason() {
        List<Finding> findings = judge(new LogBuilder()
                .start("4", "5").after(50).realdb("Migration 4 -> 5 failed: exit code 1"), Limits.NONE, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.MIGRATION_NOT_ENDED, Severity.FAILURE,
                "Migration 4 -> 5 started but did not end (exit code 1)", "4->5", 0, Phase.UPGRADE, null, null, null));
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.FAIL);
    }

    @Test
    void shouldFlagMigrationFollowedByFinalVersion() {
        List<Finding> findings = judge(new LogBuilder().start("4", "5").finalVersion("4"), Limits.NONE, "5");

        assertThat(findings).extracting(Finding::kind, Finding::message, Finding::step).containsExactly(
                tuple(FindingKind.MIGRATION_NOT_ENDED,
                        "Migration 4 -> 5 started but did not end (final schema version 4 reported)", "4->5"),
                tuple(FindingKind.FINAL_VERSION_MISMATCH, "Final schema version 4 does not match expected 5", null));
    }

    @Test
    void shouldFlagMigrationWithoutEnd() {
        LogBuilder log = new LogBuilder().step("3", "4", 10);
        String startedAt = log.now();
        log.start("4", "5").after(60_000).stdout("working");

        List<Finding> findings = judge(log, Limits.NONE, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.END_NOT_FOUND, Severity.FAILURE,
                "Did not find the end of migration 4 -> 5 after its start at " + startedAt, "4->5", 1,
                Phase.UPGRADE, null, null, null));
        assertThat(startedAt).isEqualTo("2014-01-16 07:00:00,010");
    }

    @Test
    void shouldFlagStepsOverTheirOwnOrDefaultTimeLimit() {
        LogBuilder log = new LogBuilder()
                .step("150", "151", 61_000)      // default 60
                .step("151", "152", 160_400)     // own limit 159
                .step("184", "185", 65_000)      // own limit 66
                .step("185", "186", 59_999)
                .step("186", "185", 143_000)     // downgrade, own limit 144
                .step("152", "151", 196_000);    // downgrade, own limit 195

        List<Finding> findings = judge(log, NOVA_TRIVIAL_6000, null);

        assertThat(findings).extracting(Finding::kind, Finding::severity, Finding::message, Finding::step).containsExactly(
                tuple(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration 150->151 took too long (61 s > 60 s)", "150->151"),
                tuple(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration 151->152 took too long (160 s > 159 s)", "151->152"),
                tuple(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration 152->151 took too long (196 s > 195 s)", "152->151"));
    }

    @Test
    void shouldApplyDowngradeLimitOnlyToDowngrade() {
        // 152 -> 151 may take 330 s, 151 -> 152 333 s, everything else 60 s.
        LogBuilder log = new LogBuilder().step("151", "152", 331_000).step("152", "151", 331_000);

        assertThat(judge(log, USER_001, null)).extracting(Finding::message)
                .containsExactly("Migration 152->151 took too long (331 s > 330 s)");
    }

    @Test
    void shouldShowDurationsSoThatTheyReadLongerThanTheirLimit() {
        assertThat(LogJudge.duration(4_240, 4)).isEqualTo("4.2 s");
        assertThat(LogJudge.duration(412_000, 333)).isEqualTo("412 s");
        assertThat(LogJudge.duration(60_200, 60)).isEqualTo("60.2 s");
        assertThat(LogJudge.duration(60_001, 60)).isEqualTo("60.001 s");
        assertThat(LogJudge.duration(4_040, 4)).isEqualTo("4.04 s");
        assertThat(LogJudge.seconds(333.0)).isEqualTo("333 s");
        assertThat(LogJudge.seconds(84.5)).isEqualTo("84.5 s");
        assertThat(LogJudge.seconds(0.25)).isEqualTo("0.25 s");
    }

    @Test
    void shouldFlagTooManyRowsReadAndChanged() {
        LogBuilder log = new LogBuilder()
                .counters(1_000, 0, 0, 0)
                .step("3", "4", 10).counters(211_000, 0, 0, 0)               // read 210000 > 100000
                .step("148", "149", 10).counters(316_000, 50_000, 40_000, 15_000) // 105000 <= 110000 both
                .step("4", "5", 10).counters(316_000, 60_000, 90_000, 16_000);  // changed 61000 <= 100000

        List<Finding> findings = judge(log, USER_001, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.TOO_MANY_ROWS_READ, Severity.FAILURE,
                "Migration 3->4 read too many rows (210000 > 100000)", "3->4", 0, Phase.UPGRADE, 210_000L,
                new Limit(100_000, "default"), null));
    }

    @Test
    void shouldFlagTooManyRowsChanged() {
        LogBuilder log = new LogBuilder()
                .step("5", "6", 10).counters(10, 100_000, 50_000, 20_000)
                .step("229", "230", 10).counters(20, 200_000, 60_000, 30_000);  // 120000 <= 140000

        List<Finding> findings = judge(log, USER_001, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.TOO_MANY_ROWS_CHANGED, Severity.FAILURE,
                "Migration 5->6 changed too many rows (170000 > 100000)", "5->6", 0, Phase.UPGRADE, 170_000L,
                new Limit(100_000, "default"), null));
    }

    @Test
    void shouldNotJudgeRowsOfStepWithoutCounters() {
        Limits tiny = new Limits(Map.of(), Map.of("default", 0L), Map.of("default", 0L), Map.of());

        assertThat(judge(new LogBuilder().step("3", "4", 10), tiny, null)).isEmpty();
    }

    @Test
    void shouldFlagFinalVersionThatDoesNotMatch() {
        List<Finding> findings = judge(new LogBuilder().step("5", "6", 10).finalVersion("6"), Limits.NONE, "7");

        assertThat(findings).containsExactly(new Finding(FindingKind.FINAL_VERSION_MISMATCH, Severity.FAILURE,
                "Final schema version 6 does not match expected 7"));
    }

    @Test
    void shouldFlagMissingFinalVersionWhenOneIsExpected() {
        List<Finding> findings = judge(new LogBuilder().step("5", "6", 10), Limits.NONE, "7");

        assertThat(findings).extracting(Finding::message).containsExactly("Final schema version not found (expected 7)");
    }

    @Test
    void shouldNotJudgeFinalVersionWhenNothingIsExpected() {
        assertThat(judge(new LogBuilder().step("5", "6", 10), Limits.NONE, null)).isEmpty();
    }

    @Test
    void shouldFlagLogWithoutMigrations() {
        List<Finding> findings = judge(new LogBuilder().output("Restoring test database").stdout("nothing to do"),
                Limits.NONE, null);

        assertThat(findings).containsExactly(
                new Finding(FindingKind.NO_MIGRATIONS, Severity.FAILURE, "No migrations run"));
    }

    @Test
    void shouldFlagEmptyLog() {
        assertThat(judge(new LogBuilder(), Limits.NONE, null)).extracting(Finding::kind)
                .containsExactly(FindingKind.NO_MIGRATIONS);
    }

    @Test
    void shouldNotBlameTheChangeForARunThatTheServerBroke() {
        LogBuilder log = new LogBuilder()
                .output("4 -> 5...")
                .realdb("Infrastructure error: the database server stopped answering during migration 4 -> 5");

        List<Finding> findings = judge(log, Limits.NONE, "9");

        assertThat(findings).extracting(Finding::kind).containsExactly(FindingKind.INFRASTRUCTURE);
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.ERROR);
    }

    @Test
    void shouldReportTroubleOutsideTheChangeAsErrors() {
        LogBuilder log = new LogBuilder()
                .realdb("Seed restore failed: gunzip: unexpected end of file")
                .realdb("Migration tool could not run: alembic: command not found")
                .realdb("Infrastructure error: server gone away");

        List<Finding> findings = judge(log, Limits.NONE, null);

        assertThat(findings).containsExactly(
                new Finding(FindingKind.SEED_NOT_RESTORED, Severity.ERROR,
                        "Could not restore the seed database: gunzip: unexpected end of file"),
                new Finding(FindingKind.TOOL_NOT_RUN, Severity.ERROR,
                        "Could not run the migration tool: alembic: command not found"),
                new Finding(FindingKind.INFRASTRUCTURE, Severity.ERROR, "Infrastructure error: server gone away"));
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.ERROR);
    }

    @Test
    void shouldGiveErrorVerdictEvenWithFailures() {
        LogBuilder log = new LogBuilder().step("1", "2", 61_000).realdb("Infrastructure error: disk full");

        List<Finding> findings = judge(log, USER_001, null);

        assertThat(findings).extracting(Finding::kind, Finding::severity).containsExactly(
                tuple(FindingKind.INFRASTRUCTURE, Severity.ERROR),
                tuple(FindingKind.TOOK_TOO_LONG, Severity.FAILURE));
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.ERROR);
    }

    @Test
    void shouldWarnWhenPolicyMakesKindWarning() {
        Limits limits = withSeverities(USER_001, Map.of(FindingKind.TOOK_TOO_LONG, Severity.WARNING));

        List<Finding> findings = judge(new LogBuilder().step("1", "2", 61_000), limits, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.TOOK_TOO_LONG, Severity.WARNING,
                "Migration 1->2 took too long (61 s > 60 s)", "1->2", 0, Phase.UPGRADE, 61_000L,
                new Limit(60_000, "default"), null));
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.WARN);
    }

    @Test
    void shouldFailWhenOnlySomeKindsAreWarnings() {
        Limits limits = withSeverities(USER_001, Map.of(FindingKind.TOOK_TOO_LONG, Severity.WARNING));

        List<Finding> findings = judge(new LogBuilder().step("1", "2", 61_000), limits, "3");

        assertThat(findings).extracting(Finding::kind, Finding::severity).containsExactly(
                tuple(FindingKind.TOOK_TOO_LONG, Severity.WARNING),
                tuple(FindingKind.FINAL_VERSION_MISMATCH, Severity.FAILURE));
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.FAIL);
    }

    @Test
    void shouldKeepTroubleOutsideTheChangeAnErrorWhateverThePolicy() {
        Limits limits = withSeverities(Limits.NONE, Map.of(FindingKind.INFRASTRUCTURE, Severity.WARNING));

        List<Finding> findings = judge(new LogBuilder().step("1", "2", 1)
                .realdb("Infrastructure error: server gone away"), limits, null);

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.ERROR);
    }

    private static LogBuilder blocked(String from, String to, long writeWaitMs, long readWaitMs) {
        return new LogBuilder().start(from, to).after(20_000).done()
                .impact("Probes: 10 reads, longest " + readWaitMs + " ms; 10 writes, longest " + writeWaitMs
                        + " ms; blocked over 200 ms")
                .impact("Write wait: " + writeWaitMs + " ms from +100 ms on instances")
                .impact("Read wait: " + readWaitMs + " ms from +100 ms on instances");
    }

    private static Limits blockLimits(Map<String, Long> writes, Map<String, Long> reads) {
        return new Limits(Map.of(), Map.of(), Map.of(), Map.of(), writes, reads);
    }

    @Test
    void shouldWarnOfAStepThatBlockedWritesLongerThanItsLimit() {
        Limits limits = blockLimits(Map.of("default", 60_000L, "3->4", 1_000L), Map.of());

        List<Finding> findings = judge(blocked("3", "4", 18_400, 100), limits, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.WRITES_BLOCKED, Severity.WARNING,
                "Migration 3->4 blocked writes to instances for 18.2 s (limit 1.0 s)", "3->4", 0, Phase.UPGRADE, 18_200L,
                new Limit(1_000, "3->4"), null));
        assertThat(findings.get(0).measure()).isEqualTo("writeBlockedMs");
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.WARN);
    }

    @Test
    void shouldJudgeReadsAgainstTheirOwnLimitAndTheDefault() {
        Limits limits = blockLimits(Map.of("default", 60_000L), Map.of("default", 500L));

        List<Finding> findings = judge(blocked("3", "4", 18_400, 1_250), limits, null);

        assertThat(findings).containsExactly(new Finding(FindingKind.READS_BLOCKED, Severity.WARNING,
                "Migration 3->4 blocked reads of instances for 1.1 s (limit 0.5 s)", "3->4", 0, Phase.UPGRADE, 1_050L,
                new Limit(500, "default"), null));
        assertThat(findings.get(0).measure()).isEqualTo("readBlockedMs");
    }

    @Test
    void shouldFailABlockingStepWhenPolicySaysSo() {
        Limits limits = new Limits(Map.of(), Map.of(), Map.of(), Map.of(FindingKind.WRITES_BLOCKED, Severity.FAILURE),
                Map.of("default", 1_000L), Map.of());

        List<Finding> findings = judge(blocked("3", "4", 5_000, 100), limits, null);

        assertThat(findings).extracting(Finding::kind, Finding::severity)
                .containsExactly(tuple(FindingKind.WRITES_BLOCKED, Severity.FAILURE));
        assertThat(Verdict.of(findings)).isEqualTo(Verdict.FAIL);
    }

    @Test
    void shouldShowEnoughDecimalsThatABlockOverItsLimitLooksOverIt() {
        assertThat(LogJudge.blockSeconds(1_040, 1_000)).isEqualTo("1.04 s");
        assertThat(LogJudge.blockSeconds(1_001, 1_000)).isEqualTo("1.001 s");
        assertThat(LogJudge.blockSeconds(18_200, 1_000)).isEqualTo("18.2 s");
        assertThat(LogJudge.blockSeconds(1_000, 1_000)).isEqualTo("1.0 s");
    }

    @Test
    void shouldNameAtMostThreeBlockedTables() {
        List<StepImpact.BlockedTable> tables = java.util.stream.Stream.of("a", "b", "c", "d", "e")
                .map(t -> new StepImpact.BlockedTable(t, StepImpact.Access.WRITE, 1, 1, 1)).toList();

        assertThat(LogJudge.tables(tables.subList(0, 2), "to")).isEqualTo(" to a and b");
        assertThat(LogJudge.tables(tables, "to")).isEqualTo(" to a, b, c and 2 more tables");
        assertThat(LogJudge.tables(List.of(), "to")).isEmpty();
    }

    @Test
    void shouldNotJudgeBlocksOfAStepWithoutProbes() {
        Limits limits = blockLimits(Map.of("default", 0L), Map.of("default", 0L));

        assertThat(judge(new LogBuilder().step("3", "4", 100), limits, null)).isEmpty();
    }

    private static Limits withSeverities(Limits limits, Map<FindingKind, Severity> severities) {
        return new Limits(limits.seconds(), limits.rowsRead(), limits.rowsChanged(), severities);
    }

    private static List<Finding> judge(LogBuilder log, Limits limits, String expectedFinalVersion) {
        return new LogJudge(limits).judge(log.read(), expectedFinalVersion);
    }
}
