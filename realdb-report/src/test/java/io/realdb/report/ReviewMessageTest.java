package io.realdb.report;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.review.DatasetVerdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict as a review reads it: one line per dataset, and the summary of several. */
class ReviewMessageTest {

    private static RunResult result(String dataset, Verdict verdict, Long durationMs, Finding... findings) {
        return new RunResult(RunResult.SCHEMA_VERSION, dataset, verdict, "152", "152", durationMs, Map.of(),
                List.of(findings), List.of());
    }

    private static final Finding TOO_LONG = new Finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE,
            "Migration 151->152 took too long (412 s > 333 s)", "151->152", 0);

    @Test
    void shouldWordOneDatasetTheWayTurboHipsterDid() {
        String line = ReviewMessage.line(ReviewMessage.DEFAULT_JOB,
                result("nova_mysql_user_001", Verdict.FAIL, 892_000L, TOO_LONG), null);

        assertThat(line).isEqualTo("real-db-upgrade nova_mysql_user_001 FAILURE - Migration 151->152 took too long "
                + "(412 s > 333 s) in 14m 52s");
    }

    @Test
    void shouldEndWithTheLongestBlocksOfTheProbedSteps() {
        RunResult blocking = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "5", "6", 2_400L).impact(2_150, 0, "instances", List.of("instances"))
                .step(Phase.UPGRADE_CHANGE, "6", "7", 40L).impact(0, 350, "hosts", List.of())
                .measured(FindingKind.WRITES_BLOCKED, "Migration 5->6 blocked writes to instances for 2.2 s (limit 1.0 s)",
                        0, 2_150)
                .duration(41_000L)
                .result();
        RunResult harmless = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "6", "7", 40L).impact(0, 0, "instances", List.of())
                .duration(41_000L)
                .result();

        assertThat(ReviewMessage.line(ReviewMessage.DEFAULT_JOB, blocking, null)).isEqualTo("real-db-upgrade demo WARNING - "
                + "Migration 5->6 blocked writes to instances for 2.2 s (limit 1.0 s) during upgrade-change; "
                + "longest blocks: writes 2.2 s at 5->6, reads 350 ms at 6->7 in 41.0 s");
        assertThat(ReviewMessage.line(ReviewMessage.DEFAULT_JOB, harmless, null))
                .isEqualTo("real-db-upgrade demo SUCCESS - nothing blocked over 200 ms in 41.0 s");
    }

    @Test
    void shouldCountAFindingRepeatedInAnotherPhaseOnceAndNameItsPhases() {
        RunResult run = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "3", "4", 2_000L)
                .step(Phase.UPGRADE_CHANGE, "4", "5", 900L)
                .step(Phase.DOWNGRADE, "5", "4", 400L)
                .step(Phase.DOWNGRADE, "4", "3", 1_200L)
                .step(Phase.UPGRADE_AGAIN, "3", "4", 2_100L)
                .step(Phase.UPGRADE_AGAIN, "4", "5", 950L)
                .measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration 3->4 changed too many rows (250000 > 100000)", 0, 250_000)
                .measured(FindingKind.TOO_MANY_ROWS_READ, "Migration 4->5 read too many rows (250000 > 100000)", 1, 250_000)
                .measured(FindingKind.TOO_MANY_ROWS_READ, "Migration 4->3 read too many rows (250000 > 100000)", 3, 250_000)
                .measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration 3->4 changed too many rows (250000 > 100000)", 4, 250_000)
                .measured(FindingKind.TOO_MANY_ROWS_READ, "Migration 4->5 read too many rows (250000 > 100000)", 5, 250_000)
                .duration(41_000L)
                .result();

        String line = ReviewMessage.line(ReviewMessage.DEFAULT_JOB, run, null);

        assertThat(line).isEqualTo("real-db-upgrade demo FAILURE - Migration 3->4 changed too many rows (250000 > 100000) "
                + "during upgrade-change and upgrade-again (and 2 more findings) in 41.0 s");
    }

    @Test
    void shouldNameTheOnePhaseOfAFinding() {
        RunResult run = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "3", "4", 2_000L)
                .measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration 3->4 changed too many rows (250000 > 100000)", 0, 250_000)
                .duration(41_000L)
                .result();

        assertThat(ReviewMessage.line("j", run, null))
                .isEqualTo("j demo FAILURE - Migration 3->4 changed too many rows (250000 > 100000) during upgrade-change in 41.0 s");
    }

    @Test
    void shouldSummariseSeveralDatasetsWithTheNonVotingOnesMarked() {
        List<DatasetVerdict> datasets = List.of(
                new DatasetVerdict(result("user_001", Verdict.FAIL, 892_000L, TOO_LONG), true, null),
                new DatasetVerdict(result("user_002", Verdict.PASS, 62_000L), true, null),
                new DatasetVerdict(result("user_003", Verdict.FAIL, 5_000L, TOO_LONG), false, null));

        String message = ReviewMessage.summary("real-db-upgrade", datasets,
                d -> d.voting() ? "https://ci.example.org/" + d.name() + "/report.html" : null);

        assertThat(message).isEqualTo("""
                realdb: the migrations failed on 1 of 2 voting datasets.

                - real-db-upgrade user_001 FAILURE - Migration 151->152 took too long (412 s > 333 s) in 14m 52s : https://ci.example.org/user_001/report.html
                - real-db-upgrade user_002 SUCCESS in 1m 02s : https://ci.example.org/user_002/report.html
                - real-db-upgrade user_003 FAILURE - Migration 151->152 took too long (412 s > 333 s) in 5.0 s (non-voting)
                """);
    }

    @Test
    void shouldSayThatAnInfrastructureErrorIsNotTheChangesFault() {
        Finding died = new Finding(FindingKind.INFRASTRUCTURE, Severity.ERROR, "The database server died");
        List<DatasetVerdict> datasets = List.of(
                new DatasetVerdict(result("user_001", Verdict.ERROR, null, died), true, null),
                new DatasetVerdict(result("user_002", Verdict.PASS, 1_000L), true, null));

        String message = ReviewMessage.summary("real-db-upgrade", datasets, d -> null);

        assertThat(message).startsWith("realdb: no verdict: 1 of 2 voting datasets could not run, for reasons that "
                + "are not the change's fault.\n")
                .contains("- real-db-upgrade user_001 ERROR (infrastructure, not the change) - The database server died\n");
    }

    @Test
    void shouldHeadlinePassesWarningsAndMessagesWithoutVote() {
        DatasetVerdict pass = new DatasetVerdict(result("a", Verdict.PASS, 1L), true, null);
        DatasetVerdict warn = new DatasetVerdict(result("b", Verdict.WARN, 1L), true, null);
        DatasetVerdict nonVoting = new DatasetVerdict(result("c", Verdict.FAIL, 1L), false, null);

        assertThat(ReviewMessage.summary("j", List.of(pass), d -> null))
                .startsWith("realdb: the migrations passed on 1 voting dataset.\n");
        assertThat(ReviewMessage.summary("j", List.of(pass, warn), d -> null))
                .startsWith("realdb: the migrations passed on 2 voting datasets, with warnings on 1.\n");
        assertThat(ReviewMessage.summary("j", List.of(nonVoting), d -> null))
                .startsWith("realdb: only non-voting datasets ran; no vote.\n");
    }

    @Test
    void shouldSaySuccessForAPassingRun() {
        assertThat(ReviewMessage.line("real-db-upgrade", ResultsForTests.passing(), null))
                .isEqualTo("real-db-upgrade nova_user_002 SUCCESS in 2m 00s");
    }

    @Test
    void shouldNameTheFirstFailureLikeTurboHipster() {
        assertThat(ReviewMessage.line("real-db-upgrade", ResultsForTests.failing(), null))
                .isEqualTo("real-db-upgrade nova_user_001 FAILURE - Migration 151->152 took too long (412 s > 333 s) in 14m 52s");
    }

    @Test
    void shouldSayWarningForFindingsThatPolicyMadeWarnings() {
        RunResult warned = ResultsForTests.of("nova_user_003").step(Phase.UPGRADE_CHANGE, "1", "2", 70_000L)
                .finding(FindingKind.TOOK_TOO_LONG, Severity.WARNING, "Migration 1->2 took too long (70 s > 60 s)", 0)
                .duration(75_000L).result();

        assertThat(ReviewMessage.line("real-db-upgrade", warned, null))
                .isEqualTo("real-db-upgrade nova_user_003 WARNING - Migration 1->2 took too long (70 s > 60 s) in 1m 15s");
    }

    @Test
    void shouldSayAnInfrastructureErrorIsNotTheChangesFault() {
        RunResult broken = ResultsForTests.of("nova_user_001")
                .step(Phase.UPGRADE_CHANGE, "1", "2", 70_000L)
                .finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration 1->2 took too long (70 s > 60 s)", 0)
                .finding(FindingKind.INFRASTRUCTURE, Severity.ERROR, "Infrastructure error: the database server stopped answering", null)
                .duration(null).result();

        assertThat(ReviewMessage.line("real-db-upgrade", broken, null)).isEqualTo("real-db-upgrade nova_user_001 "
                + "ERROR (infrastructure, not the change) - Infrastructure error: the database server stopped answering "
                + "(and 1 more finding)");
    }

    @Test
    void shouldWriteOneLinePerDatasetWithTheReportsAddress() {
        String text = ReviewMessage.lines("real-db-upgrade", List.of(ResultsForTests.failing(), ResultsForTests.passing()),
                "https://ci.example.org/job/db/7/artifact/out/report.html");

        assertThat(text.lines().toList()).containsExactly(
                "real-db-upgrade nova_user_001 FAILURE - Migration 151->152 took too long (412 s > 333 s) in 14m 52s"
                        + " : https://ci.example.org/job/db/7/artifact/out/report.html",
                "real-db-upgrade nova_user_002 SUCCESS in 2m 00s : https://ci.example.org/job/db/7/artifact/out/report.html");
        assertThat(text).endsWith("\n");
    }
}
