package io.realdb.cli;

import io.realdb.cli.demo.DemoWorkspace;
import io.realdb.engine.review.VerdictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        assertThat(Files.readString(out.resolve("review-message.txt")))
                .startsWith("real-db-upgrade demo SUCCESS in ")
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
}
