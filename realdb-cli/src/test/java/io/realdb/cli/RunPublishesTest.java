package io.realdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.cli.demo.DemoWorkspace;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.review.VerdictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.realdb.cli.CliRun.realdb;
import static org.assertj.core.api.Assertions.assertThat;

/** realdb run, by default, records the run and writes report.html, junit.xml and the review message. */
class RunPublishesTest {

    @TempDir
    Path dir;


    @Test
    void shouldRecordEachRunAndWriteItsReportJUnitFileAndReviewMessage() throws IOException {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 2_000);
        Path out = dir.resolve("out");
        String history = "jdbc:h2:file:" + dir.resolve("history/realdb");
        String[] args = {"run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--change", "change", "--out", out.toString(), "-q", "--history", history,
                "--build-id", "41", "--build-url", "https://ci.example.org/job/db/41/",
                "--report-url", "https://ci.example.org/job/db/41/artifact/out/report.html"};

        CliRun first = realdb(args);
        CliRun second = realdb(args);

        assertThat(first.code()).as(first.err()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(first.out()).contains("History: recorded as run 1 in jdbc:h2:file:", "Report: " + out.resolve("report.html"));
        assertThat(second.out()).contains("History: recorded as run 2");
        String report = Files.readString(out.resolve("report.html"));
        assertThat(report).contains("the last 2 runs of demo on mariadb, this one included",
                "<a href=\"https://ci.example.org/job/db/41/\">41</a>");
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("classname=\"realdb.demo\"",
                "name=\"upgrade-change 3-&gt;4\"");
        // The probes ran (they are on by default); 2,000 rows are copied too fast to block anything for long.
        assertThat(Files.readString(out.resolve("review-message.txt")))
                .matches("(?s)real-db-upgrade demo SUCCESS - (nothing blocked over 200 ms|longest blocks?: [^;]+) in .*")
                .endsWith(" : https://ci.example.org/job/db/41/artifact/out/report.html\n");
        assertThat(realdb("history", "list", "--history", history).out()).contains("demo", "mariadb", "2 runs");
    }

    @Test
    void shouldWriteTheFilesWithoutAHistoryWhenToldTo() throws IOException {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 100);
        Path out = dir.resolve("out");

        CliRun run = realdb("run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--change", "change", "--out", out.toString(), "-q", "--no-history",
                "--history", "jdbc:h2:file:" + dir.resolve("history/realdb"));

        assertThat(run.code()).as(run.err()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(run.out()).doesNotContain("History:");
        assertThat(out.resolve("report.html")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.html"))).contains("this run only: no history");
        assertThat(dir.resolve("history")).doesNotExist();
    }

    @Test
    void shouldWarnOfAStepFarAboveItsEarlierRunsWithoutFailingTheChange() throws IOException {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 2_000);
        HistoryLocation location = new HistoryLocation("jdbc:h2:file:" + dir.resolve("history/realdb"), null, null);
        // Twelve earlier runs in which 3->4 read about 100 rows; this one reads the 2,000 rows of its seed.
        try (HistoryStore history = HistoryStores.open(location)) {
            for (int i = 0; i < 12; i++) {
                Step step = Step.of(Phase.UPGRADE_CHANGE, "3", "4", true, 50L + i, new RowCounts(95 + i, 0, 2_000, 0));
                Map<String, String> info = Map.of("engine", "mariadb",
                        "startedAt", Instant.now().minus(Duration.ofDays(12 - i)).toString());
                history.record(RunRecord.from(new RunResult(RunResult.SCHEMA_VERSION, "demo", Verdict.PASS, "5", "5",
                        1_000L, info, List.of(), List.of(step))).build());
            }
        }
        Path out = dir.resolve("out");

        CliRun run = realdb("run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--change", "change", "--out", out.toString(), "-q", "--history", location.url());

        String warning = "Migration 3->4 read 20.0x as many rows as its median of the last 12 runs (2";
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(VerdictRule.EXIT_WARNING);
        assertThat(run.out()).contains("Verdict: demo WARN", "  WARNING: " + warning, "during upgrade-change");
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.get("verdict").asText()).isEqualTo("WARN");
        JsonNode finding = result.get("findings").get(0);
        assertThat(finding.get("kind").asText()).isEqualTo("rows-read-regression");
        assertThat(finding.get("severity").asText()).isEqualTo("warning");
        assertThat(finding.get("phase").asText()).isEqualTo("upgrade-change");
        assertThat(finding.get("limit").get("key").asText()).isEqualTo("regression");
        assertThat(finding.get("baseline").get("median").asLong()).isEqualTo(100);
        assertThat(finding.get("baseline").get("runs").asInt()).isEqualTo(12);
        assertThat(result.get("findings")).hasSize(1);
        assertThat(Files.readString(out.resolve("report.html"))).contains(warning.replace(">", "&gt;"));
        assertThat(Files.readString(out.resolve("review-message.txt"))).startsWith("real-db-upgrade demo WARNING - " + warning);
    }
}
