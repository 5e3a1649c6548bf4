package io.realdb.cli;

import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.review.VerdictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.realdb.cli.CliRun.realdb;
import static org.assertj.core.api.Assertions.assertThat;

/** history import and list, report and limits suggest, as a user runs them. */
class HistoryCommandsTest {

    private static final Path FIXTURES = Path.of("../realdb-engine/src/test/resources/turbo-hipster").toAbsolutePath();

    @TempDir
    Path dir;


    private String history() {
        return "jdbc:h2:file:" + dir.resolve("history/realdb");
    }

    private Path user001() throws IOException {
        Path dataset = Files.createDirectories(dir.resolve("user_001"));
        Files.copy(FIXTURES.resolve("datasets/user_001.config.json"), dataset.resolve("config.json"));
        return dataset;
    }

    /** Runs of user_001 whose step 151->152 took 1, 2, ... seconds; 152->153 ran only in the first few. */
    private void recordRuns(int count, int withNewStep) {
        try (HistoryStore store = HistoryStores.open(new HistoryLocation(history(), null, null))) {
            for (int i = 1; i <= count; i++) {
                List<Step> steps = new ArrayList<>();
                steps.add(Step.of(Phase.UPGRADE_CHANGE, "151", "152", true, i * 1000L, new RowCounts(3_412_345, 0, i, 0)));
                if (i <= withNewStep) {
                    steps.add(Step.of(Phase.UPGRADE_CHANGE, "152", "153", true, 500L, new RowCounts(10, 0, 0, 0)));
                }
                RunResult result = new RunResult(1, "user_001", Verdict.PASS, "153", "153", 1000L * i,
                        Map.of("engine", "mariadb", "startedAt", Instant.EPOCH.plusSeconds(i).toString()), List.of(), steps);
                store.record(RunRecord.from(result).build());
            }
        }
    }

    @Test
    void shouldImportTheTurboHipsterLogsAndListThem() throws IOException {
        Path dataset = user001();

        CliRun imported = realdb("history", "import", "--history", history(), "--dataset", dataset.toString(),
                "--engine", "percona", FIXTURES.resolve("logs").toString(), FIXTURES.resolve("logs/logcontent").toString());
        CliRun again = realdb("history", "import", "--history", history(), "--dataset", dataset.toString(),
                FIXTURES.resolve("logs/user_001.log").toString());
        CliRun listed = realdb("history", "list", "--history", history());
        CliRun compacted = realdb("history", "compact", "--history", history());

        assertThat(imported.code()).as(imported.err()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(imported.out()).contains("3 imported, 0 already in");
        assertThat(again.out()).contains("0 imported, 1 already in");
        assertThat(listed.out()).contains("user_001", "percona", "3 runs");
        assertThat(compacted.code()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(realdb("history", "list", "--history", history()).out()).contains("3 runs");
    }

    @Test
    void shouldNameTheCorruptResultFileItCouldNotImport() throws IOException {
        Path corrupt = dir.resolve("broken.result.json");
        Files.writeString(corrupt, "{ \"schemaVersion\": 1, \"verdict\": ");

        CliRun run = realdb("history", "import", "--history", history(), corrupt.toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains(corrupt.toString());
    }

    @Test
    void shouldAskForTheDatasetOfLogs() {
        CliRun run = realdb("history", "import", "--history", history(), FIXTURES.resolve("logs/user_001.log").toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("user_001.log", "dataset");
    }

    @Test
    void shouldSuggestLimitsAsADiffAndWriteThemOnlyWhenAsked() throws IOException {
        Path dataset = user001();
        recordRuns(100, 4);
        String before = Files.readString(dataset.resolve("config.json"));

        CliRun suggested = realdb("limits", "suggest", "--dataset", dataset.toString(), "--history", history(), "--slack", "0");

        assertThat(suggested.code()).as(suggested.err()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(suggested.out()).contains("from 100 runs", "p95 95 s", "333 s", "95 s", "changed",
                "with too few samples (fewer than 10) keep the limit they have: 152->153 duration (4)");
        assertThat(suggested.out()).contains("-        \"151->152\": 333.0,", "+        \"151->152\": 95,",
                "+        \"151->152\": 3500000,", "Not written");
        assertThat(Files.readString(dataset.resolve("config.json"))).isEqualTo(before);

        CliRun written = realdb("limits", "suggest", "--dataset", dataset.toString(), "--history", history(), "--slack", "0",
                "--write");

        assertThat(written.out()).contains("Written to");
        var limits = new DatasetLoader().loadLimits(dataset).limits();
        assertThat(limits.secondsFor("151->152")).contains(95.0);
        assertThat(limits.rowsReadFor("151->152")).contains(3_500_000L);
        assertThat(limits.secondsFor("152->151")).contains(330.0);
        CliRun third = realdb("limits", "suggest", "--dataset", dataset.toString(), "--history", history(), "--slack", "0");
        assertThat(third.out()).contains("nothing to change");
    }

    @Test
    void shouldRefuseToLearnFromAnEmptyHistory() throws IOException {
        CliRun run = realdb("limits", "suggest", "--dataset", user001().toString(), "--history", history());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("holds no runs of dataset user_001", "nothing to learn from");
    }

    @Test
    void shouldCallAnImpossiblePercentileBadInput() throws IOException {
        CliRun run = realdb("limits", "suggest", "--dataset", user001().toString(), "--history", history(), "--percentile", "120");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("percentile");
    }

    @Test
    void shouldReportFromASavedResultAndExitWithItsVerdict() throws IOException {
        Path dataset = user001();
        recordRuns(20, 0);
        Step slow = Step.of(Phase.UPGRADE_CHANGE, "151", "152", true, 412_000L, new RowCounts(3_412_345, 0, 9, 0));
        RunResult failing = new RunResult(1, "user_001", Verdict.FAIL, "152", "152", 892_000L,
                Map.of("engine", "mariadb", "startedAt", "2026-11-20T09:30:00Z"),
                List.of(new Finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE,
                        "Migration 151->152 took too long (412 s > 333 s)", "151->152", 0)), List.of(slow));
        Path result = dir.resolve("result.json");
        ResultJson.write(failing, result);
        Path out = dir.resolve("out");

        CliRun run = realdb("report", result.toString(), "--out", out.toString(), "--history", history(),
                "--dataset", dataset.toString(), "--report-url", "https://ci.example.org/7/report.html");

        assertThat(run.code()).as(run.err()).isEqualTo(VerdictRule.EXIT_FAILURE);
        assertThat(run.out()).contains("Report: ", "JUnit:  ", "Review: ").doesNotContain("History:");
        assertThat(Files.readString(out.resolve("review-message.txt"))).isEqualTo("real-db-upgrade user_001 FAILURE - "
                + "Migration 151->152 took too long (412 s > 333 s) in 14m 52s : https://ci.example.org/7/report.html\n");
        assertThat(Files.readString(out.resolve("report.html"))).contains("the last 21 runs of user_001 on mariadb");
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("<failure type=\"took-too-long\"");
    }

    @Test
    void shouldNameACorruptResultFileToReport() throws IOException {
        Path corrupt = dir.resolve("result.json");
        Files.writeString(corrupt, "{ \"schemaVersion\": 1, \"steps\": [ ");

        CliRun run = realdb("report", corrupt.toString(), "--out", dir.resolve("out").toString(), "--no-history");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains(corrupt.toString());
    }

    @Test
    void shouldKeepTheVerdictAndWriteTheFilesWhenTheHistoryIsUnreachable() throws IOException {
        Path result = dir.resolve("result.json");
        ResultJson.write(new RunResult(1, "user_001", Verdict.PASS, "2", "2", 1000L, Map.of(), List.of(),
                List.of(Step.of(Phase.UPGRADE_CHANGE, "1", "2", true, 900L, null))), result);

        CliRun run = realdb("report", result.toString(), "--out", dir.resolve("out").toString(),
                "--history", "jdbc:postgresql://127.0.0.1:1/nothing", "--history-user", "nobody");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(run.err()).contains("warning: no history this time", "127.0.0.1:1");
        assertThat(dir.resolve("out/report.html")).isRegularFile();
    }

    @Test
    void shouldRefuseAPasswordInTheHistoryUrl() {
        CliRun run = realdb("history", "list", "--history", "jdbc:postgresql://db.example.org/realdb?password=s3cret");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("holds a password").doesNotContain("s3cret");
    }

    @Test
    void shouldShowHowToUseAGroupOfCommands() {
        CliRun run = realdb("history");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("import", "list");
    }
}
