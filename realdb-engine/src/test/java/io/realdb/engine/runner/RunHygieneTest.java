package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.sandbox.Isolation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A run leaves no process behind and no secret in anything it wrote or in any command line. */
class RunHygieneTest {

    @TempDir
    Path dir;

    private Dataset commandDataset(String database, String up, String password) throws IOException {
        String config = """
                "migration": {"tool": "command", "up": "%s",
                  "versions": {"path": "versions", "pattern": "^(\\\\d+)\\\\.sql$"},
                  "current": {"query": "SELECT version FROM migrate_version"}},
                "downgrade_to": "none",
                "maximum_migration_times": {"default": 1}
                """.formatted(up);
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), database, config,
                "CREATE TABLE migrate_version (version INT NOT NULL);\nINSERT INTO migrate_version VALUES (1);\n");
        return new Dataset(dataset.name(), dataset.folder(), dataset.configFile(), dataset.project(), dataset.engine(),
                dataset.database(), dataset.user(), password, dataset.seed(), dataset.limits(), dataset.migration(),
                dataset.downgradeTo(), dataset.sanitize(), dataset.impact());
    }

    private Path project(String script) throws Exception {
        return new Fixtures.Project()
                .trunk("step.sh", script)
                .trunk("versions/1.sql", "")
                .change("versions/2.sql", "")
                .create(dir.resolve("project"));
    }

    private static List<ProcessHandle> processesMentioning(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(marker))
                .toList();
    }

    @ParameterizedTest
    @EnumSource(value = Isolation.class, names = {"BWRAP", "UNSHARE", "NETNS"})
    void shouldKillAStepOverItsBudgetWithEveryProcessItStarted(Isolation isolation) throws Exception {
        String marker = Integer.toString(40_000 + (int) (Math.random() * 9_000));
        // A child, a daemon in its own session, and an orphan whose parent is already gone.
        Path project = project("""
                #!/bin/bash
                setsid bash -c "exec sleep %1$s1" &
                (nohup sleep %1$s2 >/dev/null 2>&1 &)
                sleep %1$s3
                """.formatted(marker));
        Dataset dataset = commandDataset("killed_" + isolation.id(), "bash step.sh {from} {to}", "pw-kill");
        // The limit is 1 s; the budget is twice that.
        TimeBudget budget = new TimeBudget(2, Duration.ZERO, Duration.ofMinutes(5));
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", dir.resolve("out"),
                ServerSpec.embedded("mariadb"), ToolEnvironment.scrubbed(List.of(), System::getenv)).with(isolation, budget);

        long start = System.nanoTime();
        RunResult result = new UpgradeJob(line -> { }).run(request).result();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        Finding killed = result.findings().stream().filter(f -> f.kind() == FindingKind.MIGRATION_NOT_ENDED)
                .findFirst().orElseThrow();
        assertThat(killed.step()).isEqualTo("1->2");
        assertThat(killed.message()).contains("1 -> 2", "killed after 2.", "time budget of 2.0 s");
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(processesMentioning("sleep " + marker)).isEmpty();
        assertThat(ProcessHandle.current().descendants().filter(p -> p.isAlive()).toList())
                .as("no process of the run survives it, the private server included").isEmpty();
    }

    @Test
    void shouldKeepSecretsOutOfEveryFileAndEveryCommandLine() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String token = "tok-" + UUID.randomUUID();
        String unrelated = "ci-" + UUID.randomUUID();
        Path project = project("""
                #!/bin/bash
                echo "connecting with --password=$REALDB_DB_PASSWORD"
                echo "or mysql://migrator:$REALDB_DB_PASSWORD@localhost/db"
                echo "raw $REALDB_DB_PASSWORD and the token $REVIEW_TOKEN" >&2
                env | sort
                echo "-----BEGIN RSA PRIVATE KEY-----"
                echo "MIIEowIBAAKCAQEAwJq1pNotARealKeyButShapedLikeOne0123456789abcdef"
                echo "-----END RSA PRIVATE KEY-----"
                echo "probe done"
                mariadb --socket="$REALDB_DB_SOCKET" -u "$REALDB_DB_USER" "$REALDB_DB_NAME" \\
                  -e "UPDATE migrate_version SET version = $2"
                """);
        Dataset dataset = commandDataset("secrets", "bash step.sh {from} {to}", password);
        Map<String, String> ci = Map.of("PATH", System.getenv("PATH"), "REVIEW_TOKEN", token, "CI_JOB_SECRET", unrelated);
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", dir.resolve("out"),
                        ServerSpec.embedded("mariadb"), ToolEnvironment.scrubbed(List.of("REVIEW_TOKEN"), ci::get))
                .withSecrets(List.of(token));

        Set<String> leaks = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                    procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                        try {
                            String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")));
                            if (cmdline.contains(password) || cmdline.contains(token)) {
                                leaks.add(cmdline.replace('\0', ' '));
                            }
                        } catch (IOException e) {
                            // The process ended while we looked.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        sampler.start();
        RunOutcome outcome;
        try {
            outcome = new UpgradeJob(line -> { }).run(request);
        } finally {
            running.set(false);
            sampler.join();
        }

        String log = Files.readString(outcome.log());
        assertThat(outcome.result().findings()).as(log).isEmpty();
        assertThat(log).contains("--password=****", "mysql://migrator:****@localhost", "raw **** and the token ****",
                "REALDB_DB_PASSWORD=****", "[private key removed]", "probe done");
        assertThat(log).doesNotContain("MIIEowIBAAKCAQEA", "PRIVATE KEY", "CI_JOB_SECRET", unrelated);
        assertThat(new io.realdb.engine.log.SecretScanner(request.allSecrets()).scan(dir.resolve("out")))
                .as("the run's own output passes the check before publishing").isEmpty();
        assertThat(leaks).as("command lines holding a secret").isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file));
                assertThat(text).as(file.toString()).doesNotContain(password, token, unrelated);
            }
        }
    }
}
