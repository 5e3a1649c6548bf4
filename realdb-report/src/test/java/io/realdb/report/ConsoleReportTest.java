package io.realdb.report;

import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The table and the verdict on a console. */
class ConsoleReportTest {

    @Test
    void shouldPrintAFindingRepeatedInSeveralPhasesOnceNamingThem() {
        RunResult run = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "3", "4", 2_000L)
                .step(Phase.DOWNGRADE, "4", "3", 1_200L)
                .step(Phase.UPGRADE_AGAIN, "3", "4", 2_100L)
                .measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration 3->4 changed too many rows (250000 > 100000)", 0, 250_000)
                .measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration 3->4 changed too many rows (250000 > 100000)", 2, 250_000)
                .result();

        String console = ConsoleReport.render(run);

        assertThat(console).contains("Verdict: demo FAIL (final version 152, expected 152)\n  FAILURE: Migration 3->4 changed too many rows (250000 > 100000) "
                + "during upgrade-change and upgrade-again\n");
        assertThat(console).containsOnlyOnce("FAILURE:");
    }

    @Test
    void shouldKeepRunWideFindingsApartEvenOfOneKind() {
        RunResult run = ResultsForTests.of("demo")
                .finding(FindingKind.INFRASTRUCTURE, io.realdb.engine.model.Severity.ERROR, "Infrastructure error: disk full", null)
                .finding(FindingKind.INFRASTRUCTURE, io.realdb.engine.model.Severity.ERROR, "Infrastructure error: server gone", null)
                .result();

        assertThat(ConsoleReport.render(run)).contains("  ERROR: Infrastructure error: disk full\n",
                "  ERROR: Infrastructure error: server gone\n");
    }

    @Test
    void shouldShowHowLongEachProbedStepBlockedWritesAndReads() {
        RunResult run = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "5", "6", 2_400L).impact(2_150, 0, "instances", List.of("instances"))
                .step(Phase.UPGRADE_CHANGE, "6", "7", 40L).impact(0, 0, "instances", List.of())
                .step(Phase.DOWNGRADE, "7", "6", 35L)
                .result();

        String console = ConsoleReport.render(run);

        List<String> lines = console.lines().toList();
        assertThat(lines.get(0)).contains("rows changed  writes blocked  reads blocked  finding");
        assertThat(lines.get(2)).startsWith("5 -> 6").endsWith("10           2.2 s           0 ms");
        assertThat(lines.get(3)).startsWith("6 -> 7").endsWith("10            0 ms           0 ms");
        assertThat(lines.get(4)).as("a step measured without probes").startsWith("7 -> 6").endsWith("10               -              -");
        assertThat(console).contains("Impact: longest block: writes 2.2 s at 5->6\n");
    }

    @Test
    void shouldSayWhenProbedStepsBlockedNothing() {
        RunResult run = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "6", "7", 40L).impact(0, 0, "instances", List.of())
                .result();

        assertThat(ConsoleReport.render(run)).contains("Impact: nothing blocked over 200 ms\n");
        assertThat(ConsoleReport.render(ResultsForTests.passing())).doesNotContain("Impact:");
    }
}
