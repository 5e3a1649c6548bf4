package io.realdb.cli;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.review.VerdictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.realdb.cli.CliRun.realdb;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code realdb message} and {@code realdb vote} as a user runs them; posting to a real Gerrit is in realdb-gerrit-it. */
class ReviewCommandsTest {

    @TempDir
    Path dir;


    private Path runOutput(String dataset, Verdict verdict, Finding... findings) throws IOException {
        Path out = Files.createDirectories(dir.resolve("realdb-out").resolve(dataset));
        ResultJson.write(new RunResult(RunResult.SCHEMA_VERSION, dataset, verdict, "5", "5", 42_000L, Map.of(),
                List.of(findings), List.of()), out.resolve("result.json"));
        return out;
    }

    private static final Finding TOO_MANY_ROWS = new Finding(FindingKind.TOO_MANY_ROWS_CHANGED, Severity.FAILURE,
            "Migration 3->4 changed too many rows (250000 > 100000)", "3->4", 1);

    @Test
    void shouldPrintTheReviewMessageOfSeveralDatasets() throws IOException {
        Path failing = runOutput("user_001", Verdict.FAIL, TOO_MANY_ROWS);
        Path passing = runOutput("user_002", Verdict.PASS);

        CliRun run = realdb("message", failing.toString(), "--non-voting", passing.resolve("result.json").toString(),
                "--report-url", "https://ci.example.org/job/db/7/artifact/realdb-out/{dir}/report.html");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                realdb: the migrations failed on 1 of 1 voting dataset.

                - real-db-upgrade user_001 FAILURE - Migration 3->4 changed too many rows (250000 > 100000) in 42.0 s : https://ci.example.org/job/db/7/artifact/realdb-out/user_001/report.html
                - real-db-upgrade user_002 SUCCESS in 42.0 s : https://ci.example.org/job/db/7/artifact/realdb-out/user_002/report.html (non-voting)
                """);
    }

    @Test
    void shouldGiveAFailureBesideAnInfrastructureErrorOneVerdictInReportMessageAndVote() throws IOException {
        Path failing = runOutput("user_001", Verdict.FAIL, TOO_MANY_ROWS);
        Path broken = runOutput("user_002", Verdict.ERROR, new Finding(FindingKind.INFRASTRUCTURE, Severity.ERROR,
                "the database server died", null, null));
        String headline = "realdb: the migrations failed on 1 of 2 voting datasets (1 could not run).";

        CliRun report = realdb("report", failing.resolve("result.json").toString(), broken.resolve("result.json").toString(),
                "--out", dir.resolve("report").toString(), "--no-history");
        CliRun message = realdb("message", failing.toString(), broken.toString());
        CliRun vote = realdb("vote", "--gerrit", "https://review.example.org", "--change", "65615", "--patchset", "3",
                "--dry-run", failing.toString(), broken.toString());

        assertThat(report.code()).as(report.err()).isEqualTo(VerdictRule.EXIT_FAILURE);
        assertThat(report.out()).contains(headline);
        assertThat(message.out()).startsWith(headline);
        assertThat(vote.out()).contains("\"Verified\" : -1");
    }

    @Test
    void shouldReportADatasetWhoseRunWroteNoResultAsNotRun() {
        CliRun run = realdb("message", "--job", "db-upgrade", dir.resolve("realdb-out/user_003").toString());

        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("user_003/result.json does not exist", "reported as not run");
        assertThat(run.out()).startsWith("realdb: no verdict: 1 of 1 voting dataset could not run")
                .contains("- db-upgrade user_003 ERROR (infrastructure, not the change) - realdb wrote no result");
    }

    @Test
    void shouldPrintTheVoteRequestOnADryRunWithoutThePassword() throws IOException {
        Path failing = runOutput("user_001", Verdict.FAIL, TOO_MANY_ROWS);
        Path password = Files.writeString(dir.resolve("password"), "s3cret");

        CliRun run = realdb("vote", "--gerrit", "https://review.example.org", "--change", "refs/changes/15/65615/3",
                "--user", "ci-bot", "--password-file", password.toString(), "--dry-run", failing.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("POST https://review.example.org/a/changes/65615/revisions/3/review\n")
                .contains("Authorization: Basic (user ci-bot, HTTP password from file " + password + "; not shown)",
                        "\"message\" : \"realdb: the migrations failed on 1 of 1 voting dataset.\\n\\n- real-db-upgrade user_001 FAILURE",
                        "\"labels\" : {\n    \"Verified\" : -1\n  }",
                        "\"tag\" : \"autogenerated:realdb\"")
                .doesNotContain("s3cret");
    }

    @Test
    void shouldTakeThePasswordFromTheNamedEnvironmentVariableWithoutPrintingIt() throws IOException {
        Path passing = runOutput("user_001", Verdict.PASS);
        String[] vote = {"vote", "--gerrit", "https://review.example.org", "--change", "65615", "--patchset", "3",
                "--user", "ci-bot", "--dry-run", passing.toString(), "--password-env"};

        // PATH stands in for the CI's secret variable: every environment has it.
        CliRun set = realdb(append(vote, "PATH"));
        CliRun unset = realdb(append(vote, "REALDB_TEST_UNSET_VARIABLE"));

        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("user ci-bot, HTTP password from environment variable PATH; not shown")
                .doesNotContain(System.getenv("PATH"));
        assertThat(unset.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(unset.err()).contains("REALDB_TEST_UNSET_VARIABLE", "is not set");
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    @Test
    void shouldVoteWithTheConfiguredLabelAndValues() throws IOException {
        Path passing = runOutput("user_001", Verdict.WARN);

        CliRun run = realdb("vote", "--gerrit", "https://review.example.org/r", "--change", "nova~65615", "--patchset", "2",
                "--label", "Upgrade-Tested", "--warn-value", "0", "--tag", "autogenerated:ci", "--dry-run", passing.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("POST https://review.example.org/r/a/changes/nova%7E65615/revisions/2/review\n")
                .contains("\"Upgrade-Tested\" : 0", "\"tag\" : \"autogenerated:ci\"", "no credentials given");
    }

    @Test
    void shouldPutOnlyNonVotingDatasetsInTheMessageWithoutAVote() throws IOException {
        Path failing = runOutput("user_001", Verdict.FAIL, TOO_MANY_ROWS);

        CliRun run = realdb("vote", "--gerrit", "https://review.example.org", "--change", "65615", "--patchset", "3",
                "--dry-run", "--non-voting", failing.toString());

        assertThat(run.out()).contains("only non-voting datasets ran; no vote", "(non-voting)").doesNotContain("labels");
    }

    @Test
    void shouldNameWhatIsMissingBeforeVoting() throws IOException {
        Path passing = runOutput("user_001", Verdict.PASS);

        CliRun noCredentials = realdb("vote", "--gerrit", "https://review.example.org", "--change", "65615", "--patchset", "3",
                passing.toString());
        CliRun noPatchset = realdb("vote", "--gerrit", "https://review.example.org", "--change", "65615", "--dry-run",
                passing.toString());
        CliRun noResult = realdb("vote", "--gerrit", "https://review.example.org", "--change", "65615", "--patchset", "3",
                "--dry-run");
        CliRun passwordOnTheCommandLine = realdb("vote", "--gerrit", "https://review.example.org", "--change", "65615",
                "--patchset", "3", "--user", "bot", "--password", "s3cret", passing.toString());

        assertThat(noCredentials.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(noCredentials.err()).contains("no Gerrit credentials", "--password-env NAME or --password-file FILE");
        assertThat(noPatchset.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(noPatchset.err()).contains("no patch set given for change 65615");
        assertThat(noResult.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(noResult.err()).contains("no result given");
        assertThat(passwordOnTheCommandLine.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(passwordOnTheCommandLine.err()).contains("Unknown option: '--password'");
    }

    @Test
    void shouldCallAnUnreachableGerritAnInfrastructureError() throws IOException {
        Path passing = runOutput("user_001", Verdict.PASS);
        Path password = Files.writeString(dir.resolve("password"), "s3cret");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = realdb("vote", "--gerrit", "http://127.0.0.1:" + closedPort, "--change", "65615", "--patchset", "3",
                "--user", "bot", "--password-file", password.toString(), "--retries", "0", passing.toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_INFRASTRUCTURE);
        assertThat(run.err()).contains("infrastructure error", "not posted after 1 attempt", "cannot reach Gerrit")
                .doesNotContain("s3cret");
    }
}
