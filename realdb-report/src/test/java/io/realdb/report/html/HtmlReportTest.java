package io.realdb.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.log.SecretScanner;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.report.ResultsForTests;
import io.realdb.report.trend.ReportedLimits;
import io.realdb.report.trend.StepTrends;
import io.realdb.report.trend.TrendRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** report.html's content: tables, escaping, the data the page draws from, nothing from the network. */
class HtmlReportTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private static final Limits LIMITS = new Limits(Map.of("default", 60.0, "151->152", 333.0), Map.of(), Map.of(), Map.of());

    private static String render(RunResult result) throws IOException {
        return render(result, LIMITS);
    }

    /** @param limits the dataset's limits as --dataset gives them now, or null */
    private static String render(RunResult result, Limits limits) throws IOException {
        TrendRun run = TrendRun.current(result, NOW, "7", "https://ci.example.org/job/db/7/");
        ReportedLimits reported = ReportedLimits.of(result, limits);
        StepTrends trends = new StepTrends(reported, 250);
        List<io.realdb.report.trend.StepTrend> stepTrends = result.steps().stream().map(s -> s.key()).distinct()
                .map(key -> trends.trend(List.of(run), key)).toList();
        ReportPage page = new ReportPage(NOW, "jdbc:h2:file:/tmp/history", List.of(new ReportPage.Section(result, reported,
                "real-db-upgrade line", "7", "https://ci.example.org/job/db/7/", NOW, List.of(run), stepTrends,
                "this run only")), null, List.of(), List.of(), 10);
        StringWriter out = new StringWriter();
        HtmlReport.render(page, out);
        return out.toString();
    }

    private static JsonNode data(String html) throws IOException {
        Matcher m = Pattern.compile("id=\"realdb-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    @Test
    void shouldPassTheSecretScanThatFollowsARun(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("failing.html"), render(ResultsForTests.failing()));
        Files.writeString(dir.resolve("passing.html"), render(ResultsForTests.passing()));

        assertThat(new SecretScanner(List.of()).trusting(HtmlReport.shippedCode()).scan(dir)).isEmpty();
    }

    @Test
    void shouldShowTheRunsTableWithFindingsAndLimits() throws IOException {
        String html = render(ResultsForTests.failing());

        assertThat(html).contains("<h1>nova_user_001 <span class=\"badge v-fail\">FAILURE</span></h1>",
                "Migration 151-&gt;152 took too long (412 s &gt; 333 s)",
                "<td class=\"key\">151 → 152</td>",
                "<td class=\"num limit\" title=\"from the dataset's 151-&gt;152 limit\">333 s</td>", "took-too-long",
                "<a href=\"https://ci.example.org/job/db/7/\">7</a>", "mariadb (10.11.19-MariaDB)");
        assertThat(html).contains("<tr class=\"flagged\" data-key=\"151-&gt;152\"");
    }

    @Test
    void shouldShowHowLongEachProbedStepBlockedWritesAndReads() throws IOException {
        RunResult run = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "5", "6", 2_400L).impact(2_150, 0, "instances", List.of("instances"))
                .step(Phase.DOWNGRADE, "6", "5", 2_000L)
                .result();

        String html = render(run);

        assertThat(html).contains("<th class=\"num\" title=\"how long the step kept the probes from writing\">writes blocked</th>",
                "<td class=\"num impact blocked\" title=\"writes blocked 2.2 s on instances (longest wait 2.5 s); "
                        + "reads blocked 0 ms (longest wait 300 ms); rewrote instances; 1,000 probe reads and 500 writes, "
                        + "blocked when waiting over 200 ms\">2.2 s</td><td class=\"num impact\" title=\"writes blocked",
                ">0 ms</td>", "<td class=\"num impact\">–</td><td class=\"num impact\">–</td>");
        assertThat(data(html).at("/sections/0/steps/0/option/grid")).as("the copy step's chart has a blocked panel").hasSize(4);
        assertThat(data(html).at("/sections/0/steps/1/option/grid")).as("the unprobed downgrade has none").hasSize(3);
    }

    @Test
    void shouldShowTheLimitsTheRunWasJudgedAgainstWithoutTheDataset() throws IOException {
        RunResult judged = judgedAgainst(333.0);

        String html = render(judged, null);

        assertThat(html).contains("<td class=\"num limit\" title=\"from the dataset's 151-&gt;152 limit\">333 s</td>",
                "<td class=\"num limit\" title=\"from the dataset's default limit\">60 s</td>");
        assertThat(html).doesNotContain("class=\"now\"");
        assertThat(data(html).at("/sections/0/steps/0/option/title").toString() + html).contains("limit 333 s");
    }

    @Test
    void shouldNameALimitThatChangedSinceTheRunWhenGivenTheDataset() throws IOException {
        RunResult judged = judgedAgainst(333.0);
        Limits now = new Limits(Map.of("default", 60.0, "151->152", 400.0), Map.of(), Map.of(), Map.of());

        String html = render(judged, now);

        assertThat(html).contains("333 s<span class=\"now\">now 400 s</span>", "limit 333 s (now 400 s)");
        // Both passes of 151->152 changed limit; 150->151 kept its default.
        assertThat(html.split("class=\"now\"", -1)).hasSize(3);
    }

    @Test
    void shouldListAFindingOfSeveralPhasesOnce() throws IOException {
        RunResult twice = ResultsForTests.of("demo")
                .step(Phase.UPGRADE_CHANGE, "3", "4", 2_000L)
                .step(Phase.DOWNGRADE, "4", "3", 1_000L)
                .step(Phase.UPGRADE_AGAIN, "3", "4", 2_100L)
                .measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration 3->4 changed too many rows (250000 > 100000)", 0, 250_000)
                .measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration 3->4 changed too many rows (250100 > 100000)", 2, 250_100)
                .result();

        String html = render(twice);

        assertThat(html).containsOnlyOnce("changed too many rows")
                .contains("Migration 3-&gt;4 changed too many rows (250100 &gt; 100000) during upgrade-change and upgrade-again");
    }

    /** nova_user_001's failing run, its steps keeping the limits they were judged against. */
    private static RunResult judgedAgainst(double ownSeconds) {
        RunResult failing = ResultsForTests.failing();
        Limits then = new Limits(Map.of("default", 60.0, "151->152", ownSeconds), Map.of(), Map.of(), Map.of());
        return new RunResult(failing.schemaVersion(), failing.dataset(), failing.verdict(), failing.finalVersion(),
                failing.expectedFinalVersion(), failing.durationMs(), failing.info(), failing.findings(),
                failing.steps().stream().map(s -> s.withLimits(then.forStep(s.key()))).toList());
    }

    @Test
    void shouldEscapeWhatTheRunSaysAndNeverLetItCloseAScript() throws IOException {
        RunResult hostile = ResultsForTests.of("<script>alert(1)</script>")
                .step(Phase.UPGRADE_CHANGE, "1", "2", 1000L)
                .finding(FindingKind.MIGRATION_NOT_ENDED, Severity.FAILURE, "tool said </script><img src=x onerror=alert(2)>", 0)
                .info("project", "javascript:alert(3)")
                .result();

        String html = render(hostile);

        assertThat(html).doesNotContain("<script>alert(1)", "<img src=x", "href=\"javascript:");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        JsonNode data = data(html);
        assertThat(data.get("sections").get(0).get("dataset").asText()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void shouldGiveThePageEveryChartOptionAndTheRunsBehindIt() throws IOException {
        JsonNode data = data(render(ResultsForTests.failing()));

        JsonNode section = data.get("sections").get(0);
        assertThat(data.get("pageSize").asInt()).isEqualTo(10);
        assertThat(section.get("steps")).extracting(s -> s.get("key").asText())
                .containsExactly("150->151", "151->152", "152->151");
        JsonNode slow = section.get("steps").get(1);
        assertThat(slow.get("findings")).extracting(JsonNode::asText).containsExactly("took-too-long");
        assertThat(slow.get("phases").asText()).isEqualTo("upgrade-change, upgrade-again");
        assertThat(slow.get("option").get("series")).hasSize(6);
        assertThat(section.get("runs").get(0).get("thisRun").asBoolean()).isTrue();
        assertThat(section.get("runs").get(0).get("url").asText()).isEqualTo("https://ci.example.org/job/db/7/");
    }

    @Test
    void shouldCarryTheChartLibraryInsteadOfLoadingIt() throws IOException {
        String html = render(ResultsForTests.passing());

        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+href=")
                .doesNotContain("cdn.", "//unpkg", "//fastly");
        assertThat(html).contains(EChartsScript.source().substring(0, 200));
        assertThat(EChartsScript.version()).isEqualTo("5.3.1");
    }
}
