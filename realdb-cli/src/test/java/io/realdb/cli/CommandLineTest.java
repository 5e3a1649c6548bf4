package io.realdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.cli.demo.DemoWorkspace;
import io.realdb.engine.review.VerdictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.realdb.cli.CliRun.realdb;
import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: arguments in, exit code and printed text out. */
class CommandLineTest {

    private static final Path FIXTURES = Path.of("../realdb-engine/src/test/resources/turbo-hipster").toAbsolutePath();

    @TempDir
    Path dir;


    private Path datasetWithConfig(String name, String config) throws IOException {
        Path dataset = Files.createDirectories(dir.resolve(name));
        Files.writeString(dataset.resolve("config.json"), config);
        return dataset;
    }

    @Test
    void shouldPrintHelpWithTheExitCodes() {
        CliRun run = realdb("--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("run", "analyze", "demo", "Exit codes", "infrastructure error");
    }

    @Test
    void shouldPrintEachCommandsHelpAndExitZero() {
        for (String[] command : new String[][] {{"run"}, {"plan"}, {"analyze"}, {"history", "import"},
                {"history"}, {"limits", "suggest"}, {"vote"}, {"demo"}, {"dataset"}, {"dataset", "prepare"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";

            CliRun run = realdb(args);

            assertThat(run.code()).as(String.join(" ", args) + ": " + run.err()).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: realdb " + String.join(" ", command));
        }
    }

    @Test
    void shouldOfferToSwitchTheImpactProbesOnOrOff() {
        CliRun run = realdb("run", "--help");

        assertThat(run.out().replaceAll("\\s+", " ")).contains("--[no-]impact", "how long it blocks reads and writes");
    }

    @Test
    void shouldAnalyseARealTurboHipsterLogAgainstItsDataset() throws IOException {
        Path dataset = datasetWithConfig("user_001", Files.readString(FIXTURES.resolve("datasets/user_001.config.json")));

        CliRun run = realdb("analyze", FIXTURES.resolve("logs/user_001.log").toString(), "--dataset", dataset.toString());

        assertThat(run.out()).contains("133 -> 134", "134 -> 135", "Verdict: user_001");
        assertThat(run.code()).isIn(VerdictRule.EXIT_PASS, VerdictRule.EXIT_FAILURE);
    }

    @Test
    void shouldPrintTheResultShapeAsJson() throws IOException {
        CliRun run = realdb("analyze", FIXTURES.resolve("logs/20131007_devstack_export.log").toString(), "--json",
                "--expect-final", "228");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("finalVersion").asText()).isEqualTo("228");
        JsonNode step = json.get("steps").get(0);
        assertThat(step.get("from").asText()).isEqualTo("132");
        assertThat(step.get("to").asText()).isEqualTo("133");
        for (String field : new String[] {"phase", "direction", "durationMs", "rowsRead", "rowsInserted",
                "rowsUpdated", "rowsDeleted", "rowsChanged"}) {
            assertThat(step.has(field)).as(field).isTrue();
        }
        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_PASS);
    }

    @Test
    void shouldFailAnalysisWhenTheFinalVersionIsNotTheExpectedOne() {
        CliRun run = realdb("analyze", FIXTURES.resolve("logs/logcontent").toString(), "--expect-final", "230");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_FAILURE);
        assertThat(run.out()).contains("Final schema version 229 does not match expected 230");
    }

    @Test
    void shouldPrintAnOldTurboHipsterLogSanitised() throws IOException {
        Path dataset = datasetWithConfig("devstack", Files.readString(FIXTURES.resolve("datasets/131007_devstack_export.config.json")));

        CliRun run = realdb("analyze", FIXTURES.resolve("logs/20131007_devstack_export.log").toString(),
                "--dataset", dataset.toString(), "--print-log", "--json");

        assertThat(run.out()).contains("--password=****", "132 -> 133...", "\"verdict\"");
        assertThat(run.out()).doesNotContain("tester");
    }

    @Test
    void shouldScanAFolderForCredentials() throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("realdb.log"), "2014-01-16 06:58:14,530 [output] 133 -> 134...\n");

        CliRun clean = realdb("scan", results.toString());
        assertThat(clean.code()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(clean.out()).contains("No credentials or private keys found");

        Files.writeString(results.resolve("leak.log"), "+ mysql -u nova --password=tester nova\n");
        CliRun dirty = realdb("scan", results.toString());
        assertThat(dirty.code()).isEqualTo(VerdictRule.EXIT_INFRASTRUCTURE);
        assertThat(dirty.out()).contains("leak.log:1: password option", "do not publish").doesNotContain("tester");
    }

    @Test
    void shouldNameAnUnknownIsolationMode() throws IOException {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 10);

        CliRun run = realdb("run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--change", "change", "--isolation", "sometimes", "--out", dir.resolve("out").toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("isolation 'sometimes' is not one of auto, bwrap, unshare, netns, none");
    }

    @Test
    void shouldRefuseAResourceLimitOfZero() throws IOException {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 10);

        CliRun run = realdb("run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--change", "change", "--max-processes", "0", "--out", dir.resolve("out").toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("--max-memory, --max-processes, --max-file-size and --max-cpu-time must be above 0");
    }

    @Test
    void shouldNameAMissingLogFile() {
        CliRun run = realdb("analyze", dir.resolve("nope.log").toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("nope.log", "does not exist");
    }

    @Test
    void shouldCallAnUnknownOptionBadInput() {
        CliRun run = realdb("run", "--no-such-option");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
    }

    @Test
    void shouldNameAMissingDatasetFolder() {
        CliRun run = realdb("run", "--dataset", dir.resolve("missing").toString(), "--project", ".", "--change", "x");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("dataset folder", "missing", "does not exist");
    }

    @Test
    void shouldNameTheLineOfBrokenJson() throws IOException {
        Path dataset = datasetWithConfig("broken", "{\n  \"database\": \"x\"\n  \"seed_data\": \"s.sql\"\n}\n");

        CliRun run = realdb("run", "--dataset", dataset.toString(), "--project", ".", "--change", "x");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("config.json", "line 3");
    }

    @Test
    void shouldRefuseAPasswordOptionWithoutAServer() throws IOException {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 10);

        CliRun run = realdb("run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--change", "change", "--db-password-env", "X", "--out", dir.resolve("out").toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("--db-password-env");
    }

    @Test
    void shouldCallAnUnknownRefBadInput() {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 10);

        CliRun run = realdb("run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--change", "refs/changes/15/65615/3", "--out", dir.resolve("out").toString(), "-q");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("unknown ref 'refs/changes/15/65615/3'");
    }

    @Test
    void shouldExitWithTheVerdictOfARun() throws IOException {
        DemoWorkspace demo = DemoWorkspace.create(dir.resolve("demo"), 2_000);
        Path config = demo.dataset().resolve("config.json");
        String original = Files.readString(config);
        String[] args = {"run", "--dataset", demo.dataset().toString(), "--project", demo.project().toString(),
                "--trunk", "master", "--change", "change", "--out", dir.resolve("out").toString(), "-q",
                "--history", "jdbc:h2:file:" + dir.resolve("history/realdb")};

        Files.writeString(config, original.replace("\"default\": 100000", "\"default\": 1000"));
        CliRun failing = realdb(args);
        assertThat(failing.code()).as(failing.err()).isEqualTo(VerdictRule.EXIT_FAILURE);
        assertThat(failing.out()).contains("Migration 3->4 changed too many rows");

        Files.writeString(config, original);
        CliRun passing = realdb(args);
        assertThat(passing.code()).as(passing.err()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(passing.out()).contains("Verdict: demo PASS", "holds no credentials; ready to publish");

        Files.writeString(config, original.replace("\"default\": 100000", "\"default\": 1000")
                .replace("\"name\": \"demo\",", "\"name\": \"demo\", \"severity\": {\"too-many-rows-changed\": \"warning\"},"));
        CliRun warning = realdb(args);
        assertThat(warning.code()).as(warning.err()).isEqualTo(VerdictRule.EXIT_WARNING);
        assertThat(warning.out()).contains("Verdict: demo WARN");

        Files.write(demo.dataset().resolve("demo_instances.sql.gz"), new byte[] {31, -117, 8, 0, 1, 2, 3});
        CliRun broken = realdb(args);
        assertThat(broken.code()).as(broken.err()).isEqualTo(VerdictRule.EXIT_INFRASTRUCTURE);
        assertThat(broken.out()).contains("Verdict: demo ERROR", "Could not restore the seed database");
    }

    @Test
    void shouldSayABadHistoryUrlBeforeAnyWorkAndClearTheLastRunsFiles() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        for (String name : List.of("report.html", "junit.xml", "review-message.txt", "result.json")) {
            Files.writeString(out.resolve(name), "SUCCESS from an earlier run");
        }

        CliRun run = realdb("run", "--dataset", dir.resolve("no-such-dataset").toString(), "--project", dir.toString(),
                "--change", "c", "--out", out.toString(), "--history", "jdbc:oracle:thin:@db:1521/x");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("history URL 'jdbc:oracle:thin:@db:1521/x' is not one realdb can use");
        assertThat(out.resolve("realdb.log")).doesNotExist();

        CliRun second = realdb("run", "--dataset", dir.resolve("no-such-dataset").toString(), "--project",
                dir.toString(), "--change", "c", "--out", out.toString(), "--no-history");

        assertThat(second.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        try (var left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("nothing of the earlier run is left to be taken for this one's").containsExactly("realdb.log");
        }
        assertThat(Files.readString(out.resolve("realdb.log"))).contains("[realdb] Bad input: ", "no-such-dataset");
    }

    @Test
    void shouldSanitiseTheResultOfALogJudgedFromItsRawLines() throws IOException {
        Path log = Files.writeString(dir.resolve("old.log"), """
                2014-01-16 07:03:50,708 [output] 1 -> 2...
                2014-01-16 07:03:51,000 [realdb] Migration 1 -> 2 failed: mysql -u nova --password=Hunter2Secret9 nova
                """);

        CliRun run = realdb("analyze", log.toString(), "--json");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_FAILURE);
        assertThat(run.out()).contains("migration-not-ended").doesNotContain("Hunter2Secret9");
    }
}
