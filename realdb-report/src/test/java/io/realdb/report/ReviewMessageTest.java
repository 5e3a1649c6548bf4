package io.realdb.report;

import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict line a review reads, for each kind of verdict. */
class ReviewMessageTest {

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
