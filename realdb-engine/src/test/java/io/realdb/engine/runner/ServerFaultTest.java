package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.sandbox.Isolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of the database server in the middle of a step: the run ends within the step's budget
 * plus a short grace, as an infrastructure error, never as the change's failure.
 */
class ServerFaultTest {

    private static final TimeBudget BUDGET = new TimeBudget(1, Duration.ZERO, Duration.ofSeconds(8));

    @TempDir
    Path dir;

    private Path project(String changeUp) throws Exception {
        return new Fixtures.Project()
                .trunk("migrations/0001_t.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_t.down.sql", "SELECT 1;\n")
                .change("migrations/0002_slow.up.sql", changeUp)
                .change("migrations/0002_slow.down.sql", "SELECT 1;\n")
                .create(dir.resolve("project"));
    }

    /** Runs the job, and signals the private server's process once the change's step has started. */
    private RunResult runAndSignal(String signal, String changeUp) throws Exception {
        return runAndSignal(signal, changeUp, "");
    }

    private RunResult runAndSignal(String signal, String changeUp, String migration) throws Exception {
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "faulty", migration, Fixtures.seedWithRows(1, 3));
        Path out = dir.resolve("out");
        RunRequest request = RunRequest.of(dataset, project(changeUp).toString(), "master", "change", out,
                ServerSpec.embedded("mariadb"), ToolEnvironment.scrubbed(List.of(), System::getenv))
                .with(Isolation.AUTO, BUDGET);
        long start = System.nanoTime();
        CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(() -> new UpgradeJob(line -> { }).run(request));
        Path log = out.resolve(UpgradeJob.LOG_FILE);
        while (!(Files.exists(log) && Files.readString(log).contains("1 -> 2..."))) {
            assertThat(run.isDone()).as("the run ended before its step").isFalse();
            Thread.sleep(50);
        }
        ProcessHandle server = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("--datadir=" + out))
                .findFirst().orElseThrow();
        new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).start().waitFor();
        try {
            RunOutcome outcome = run.get(3, TimeUnit.MINUTES);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the step's budget of 8 s and a short grace, not the server's recovery")
                    .isLessThan(Duration.ofSeconds(90));
            assertThat(Files.readString(outcome.log())).contains("[realdb] Infrastructure error: ");
            return outcome.result();
        } finally {
            if (server.isAlive()) {
                new ProcessBuilder("kill", "-CONT", Long.toString(server.pid())).start().waitFor();
            }
        }
    }

    @Test
    void shouldCallAServerFrozenDuringAnSqlStepInfrastructure() throws Exception {
        RunResult result = runAndSignal("STOP", "SELECT SLEEP(30);\n");

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.findings()).extracting(Finding::kind).contains(FindingKind.INFRASTRUCTURE)
                .doesNotContain(FindingKind.MIGRATION_NOT_ENDED);
    }

    @Test
    void shouldCallAServerKilledDuringAStepInfrastructure() throws Exception {
        RunResult result = runAndSignal("KILL", "SELECT SLEEP(30);\n");

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.findings()).extracting(Finding::kind).contains(FindingKind.INFRASTRUCTURE)
                .doesNotContain(FindingKind.MIGRATION_NOT_ENDED);
    }

    @Test
    void shouldCallAServerFrozenDuringAToolsStepInfrastructure() throws Exception {
        RunResult result = runAndSignal("STOP", "SELECT 1;\n", """
                "migration": {"tool": "command", "up": "sleep 30", "down": "true",
                  "versions": {"path": "migrations", "pattern": "^(\\\\d+)_.*\\\\.up\\\\.sql$"},
                  "current": {"query": "SELECT version FROM schema_migrations"}}""");

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.findings()).extracting(Finding::kind).contains(FindingKind.INFRASTRUCTURE)
                .doesNotContain(FindingKind.MIGRATION_NOT_ENDED);
    }
}
