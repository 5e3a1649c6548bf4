package io.realdb.engine.runner;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.model.Direction;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.sandbox.Isolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole job, end to end, on real private MariaDB servers and real git repositories. */
class UpgradeJobTest {

    private static final String PASSWORD = "pw-Zq81xT";

    @TempDir
    Path dir;

    /** trunk: versions 1 and 2; change: version 3, which touches every row of t. */
    private Path project(String threeUp, String threeDown) throws Exception {
        return new Fixtures.Project()
                .trunk("migrations/0001_t.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_t.down.sql", "SELECT 1;\n")
                .trunk("migrations/0002_add_y.up.sql", "ALTER TABLE t ADD COLUMN y INT NULL;\n")
                .trunk("migrations/0002_add_y.down.sql", "ALTER TABLE t DROP COLUMN y;\n")
                .change("migrations/0003_bump_x.up.sql", threeUp)
                .change("migrations/0003_bump_x.down.sql", threeDown)
                .create(dir.resolve("project"));
    }

    private RunOutcome run(Dataset dataset, Path project, String change) {
        return run(dataset, project, change, ServerSpec.embedded("mariadb"), TimeBudget.DEFAULT);
    }

    private RunOutcome run(Dataset dataset, Path project, String change, ServerSpec server, TimeBudget budget) {
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", change, dir.resolve("out"),
                server, ToolEnvironment.scrubbed(List.of(), System::getenv)).with(Isolation.AUTO, budget);
        return new UpgradeJob(line -> { }).run(request);
    }

    @Test
    void shouldRunEveryPhaseOneStepAtATimeAndPassACleanChange() throws Exception {
        Path project = project("UPDATE t SET x = x + 1;\n", "UPDATE t SET x = x - 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "clean", "", Fixtures.seedWithRows(1, 120));

        RunOutcome outcome = run(dataset, project, "change");
        RunResult result = outcome.result();

        assertThat(result.findings()).as(Files.readString(outcome.log())).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).containsExactly("1->2");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly("2->3");
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("3->2", "2->1");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).containsExactly("1->2", "2->3");
        assertThat(result.finalVersion()).isEqualTo("3");
        assertThat(result.expectedFinalVersion()).isEqualTo("3");
        Step bump = result.steps().get(1);
        assertThat(bump.direction()).isEqualTo(Direction.UP);
        assertThat(bump.ended()).isTrue();
        assertThat(bump.durationMs()).isNotNull().isGreaterThanOrEqualTo(0);
        // A private server has no other clients: the update's rows are exact.
        assertThat(bump.rowsUpdated()).isEqualTo(120);
        assertThat(bump.rowsRead()).isGreaterThanOrEqualTo(120);
        assertThat(result.steps().get(2).direction()).isEqualTo(Direction.DOWN);
        assertThat(outcome.resultFile()).exists();
        assertThat(ResultJson.read(outcome.resultFile())).isEqualTo(result);
        assertThat(Files.readString(outcome.log())).contains("[output] 2 -> 3...", "[output] done",
                "_updated\t", "[output] Final schema version is 3");
        assertThat(Files.readString(outcome.log())).containsPattern("Project mirror .* created: fetching took [0-9.]+ s");
    }

    @Test
    void shouldRunInAWorkspaceWhosePathHasBlanksAndNonAsciiLetters() throws Exception {
        Path project = project("UPDATE t SET x = x + 1;\n", "UPDATE t SET x = x - 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "spaced", "", Fixtures.seedWithRows(1, 5));
        Path out = dir.resolve("Jenkins workspace/job été/out");

        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", out,
                ServerSpec.embedded("mariadb"), ToolEnvironment.scrubbed(List.of(), System::getenv))
                .with(Isolation.AUTO, TimeBudget.DEFAULT);
        RunOutcome outcome = new UpgradeJob(line -> { }).run(request);

        assertThat(outcome.result().findings()).as(Files.readString(outcome.log())).isEmpty();
        assertThat(outcome.result().verdict()).isEqualTo(Verdict.PASS);
        try (var left = Files.list(Path.of("/tmp"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("realdb-data-"));
        }
    }

    @Test
    void shouldRefuseAVersionTooBigForTheVersionTableBeforeAnyStep() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("migrations/0001_t.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_t.down.sql", "SELECT 1;\n")
                .change("migrations/99999999999999999999_huge.up.sql", "SELECT 1;\n")
                .change("migrations/99999999999999999999_huge.down.sql", "SELECT 1;\n")
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "huge", "", Fixtures.seedWithRows(1, 1));

        assertThatThrownBy(() -> run(dataset, project, "change"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("99999999999999999999_huge.up.sql").hasMessageContaining("too big");
        assertThat(Files.readString(dir.resolve("out/realdb.log"))).contains("[realdb] Bad input: ", "too big");
    }

    @Test
    void shouldFailAChangeWhoseMigrationChangesTooManyRows() throws Exception {
        Path project = project("UPDATE t SET x = x + 1;\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "many_rows",
                "\"XInnodb_rows_changed\": {\"default\": 50}", Fixtures.seedWithRows(1, 300));

        RunResult result = run(dataset, project, "change").result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::kind, Finding::step)
                .contains(org.assertj.core.groups.Tuple.tuple(FindingKind.TOO_MANY_ROWS_CHANGED, "2->3"));
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.TOO_MANY_ROWS_CHANGED)
                // 300 rows of t, and the version table rewritten twice (dirty, then clean): 2 deleted, 2 inserted.
                .first().extracting(Finding::message).asString().contains("(304 > 50)");
    }

    @Test
    void shouldFailAMigrationThatBreaksHalfWay() throws Exception {
        Path project = project("UPDATE t SET x = 7;\nINSERT INTO no_such_table VALUES (1);\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "half_way", "", Fixtures.seedWithRows(1, 10));

        RunResult result = run(dataset, project, "change").result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::kind)
                .containsExactlyInAnyOrder(FindingKind.MIGRATION_NOT_ENDED, FindingKind.FINAL_VERSION_MISMATCH);
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.MIGRATION_NOT_ENDED).singleElement()
                .extracting(Finding::message).asString().contains("2 -> 3", "0003_bump_x.up.sql line 2", "no_such_table");
        assertThat(result.finalVersion()).isEqualTo("2");
        assertThat(result.steps()).last().satisfies(step -> assertThat(step.ended()).isFalse());
    }

    @Test
    void shouldReportASeedThatCannotBeRestoredAsNotTheChangesFault() throws Exception {
        Path project = project("SELECT 1;\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "bad_seed", "",
                "CREATE TABLE t (id INT);\nTHIS IS NOT SQL;\n");

        RunResult result = run(dataset, project, "change").result();

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.findings()).extracting(Finding::kind).contains(FindingKind.SEED_NOT_RESTORED);
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.SEED_NOT_RESTORED)
                .first().extracting(Finding::message).asString().contains("seed.sql", "line 2");
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void shouldStopOnAnUnknownRefBeforeStartingAServer() throws Exception {
        Path project = project("SELECT 1;\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "unknown_ref", "", Fixtures.seedWithRows(1, 1));

        assertThatThrownBy(() -> run(dataset, project, "refs/changes/01/1/1"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown ref 'refs/changes/01/1/1'");
        assertThat(dir.resolve("out/result.json")).doesNotExist();
    }

    @Test
    void shouldSkipTheDowngradeWhenTheDatasetSaysNone() throws Exception {
        Path project = project("SELECT 1;\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "no_down", "\"downgrade_to\": \"none\"",
                Fixtures.seedWithRows(1, 1));

        RunResult result = run(dataset, project, "change").result();

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.steps()).extracting(Step::phase).containsExactly(Phase.UPGRADE_TRUNK, Phase.UPGRADE_CHANGE);
    }

    @Test
    void shouldRunACommandToolThatFindsItsDatabaseThroughTheEnvironment() throws Exception {
        String script = """
                #!/bin/sh
                # migrate.sh FROM TO: applies versions/TO.sql going up, versions/FROM.down.sql going down.
                set -e
                if [ "$2" -gt "$1" ]; then file="versions/$2.sql"; else file="versions/$1.down.sql"; fi
                # The socket is named explicitly: option files such as /etc/mysql/my.cnf outrank MYSQL_UNIX_PORT.
                db="mariadb --socket=$REALDB_DB_SOCKET -u $REALDB_DB_USER $REALDB_DB_NAME"
                $db < "$file"
                $db -e "UPDATE migrate_version SET version = $2"
                echo "moved from $1 to $2 as $REALDB_DB_USER"
                """;
        Path project = new Fixtures.Project()
                .trunk("migrate.sh", script)
                .trunk("versions/10.sql", "CREATE TABLE a (id INT);\n")
                .trunk("versions/10.down.sql", "DROP TABLE a;\n")
                .trunk("versions/11.sql", "INSERT INTO a VALUES (1), (2);\n")
                .trunk("versions/11.down.sql", "DELETE FROM a;\n")
                .change("versions/12.sql", "UPDATE a SET id = id + 10;\n")
                .change("versions/12.down.sql", "UPDATE a SET id = id - 10;\n")
                .create(dir.resolve("project"));
        String migration = """
                "migration": {"tool": "command", "up": "sh migrate.sh {from} {to}", "down": "sh migrate.sh {from} {to}",
                  "versions": {"path": "versions", "pattern": "^(\\\\d+)\\\\.sql$"},
                  "current": {"query": "SELECT version FROM migrate_version"}},
                "downgrade_to": "10"
                """;
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "command_tool", migration,
                "CREATE TABLE migrate_version (version INT NOT NULL);\nINSERT INTO migrate_version VALUES (10);\n"
                        + "CREATE TABLE a (id INT);\n");

        RunOutcome outcome = run(dataset, project, "change");
        RunResult result = outcome.result();

        assertThat(result.findings()).as(Files.readString(outcome.log())).isEmpty();
        assertThat(result.steps()).extracting(Step::key)
                .containsExactly("10->11", "11->12", "12->11", "11->10", "10->11", "11->12");
        assertThat(result.steps().get(1).rowsUpdated()).isGreaterThanOrEqualTo(2);
        String log = Files.readString(outcome.log());
        assertThat(log).contains("[stdout] moved from 11 to 12 as migrator");
        assertThat(log).doesNotContain(PASSWORD);
    }

    @Test
    void shouldReportAMigrationToolThatDoesNotExistAsBadInput() throws Exception {
        Path project = project("SELECT 1;\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "no_tool", """
                "migration": {"tool": "command", "up": "no-such-migration-tool up {to}",
                  "versions": {"path": "migrations", "pattern": "^(\\\\d+)_.*\\\\.up\\\\.sql$"},
                  "current": {"query": "SELECT version FROM schema_migrations"}}
                """, Fixtures.seedWithRows(1, 1));

        assertThatThrownBy(() -> run(dataset, project, "change"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("program 'no-such-migration-tool' is not found on PATH");
    }

    @Test
    void shouldRefuseVersionNamesThatAreNotNumbersRatherThanGuessTheirOrder() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("versions/f3a1c0_first.py", "")
                .trunk("versions/0b7e2f_second.py", "")
                .change("versions/a9d43b_third.py", "")
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "hex_names", """
                "migration": {"tool": "command", "up": "true", "down": "true",
                  "versions": {"path": "versions", "pattern": "^([0-9a-f]+)_.*\\\\.py$"},
                  "current": {"query": "SELECT 1"}}
                """, "SELECT 1;\n");

        assertThatThrownBy(() -> run(dataset, project, "change"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("is not a number")
                .hasMessageContaining("\"tool\": \"alembic\"");
    }

    @Test
    void shouldAskForADownCommandBeforeAnythingRunsUnlessThereIsNoDowngrade() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("versions/1.sql", "")
                .change("versions/2.sql", "")
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "no_down_command", """
                "migration": {"tool": "command", "up": "true",
                  "versions": {"path": "versions", "pattern": "^(\\\\d+)\\\\.sql$"},
                  "current": {"query": "SELECT 1"}}
                """, "SELECT 1;\n");

        assertThatThrownBy(() -> run(dataset, project, "change"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("no command to step down (migration.down)");
    }

    @Test
    void shouldKillAStepThatRunsOverItsTime() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("versions/1.sql", "")
                .change("versions/2.sql", "")
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "slow_tool", """
                "migration": {"tool": "command", "up": "sh -c 'sleep 600 & sleep 600'",
                  "versions": {"path": "versions", "pattern": "^(\\\\d+)\\\\.sql$"},
                  "current": {"query": "SELECT 1"}},
                "downgrade_to": "none"
                """, "SELECT 1;\n");

        long start = System.nanoTime();
        RunResult result = run(dataset, project, "change", ServerSpec.embedded("mariadb"),
                new TimeBudget(1, Duration.ZERO, Duration.ofSeconds(2))).result();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(120));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings().get(0).kind()).isEqualTo(FindingKind.MIGRATION_NOT_ENDED);
        assertThat(result.findings().get(0).message()).contains("1 -> 2", "killed after");
        assertThat(ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 600"))
                .toList()).isEmpty();
    }

    @Test
    void shouldKillAnSqlStepThatRunsOverItsBudget() throws Exception {
        Path project = project("SELECT SLEEP(120);\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "slow_sql", "", Fixtures.seedWithRows(1, 1));

        RunResult result = run(dataset, project, "change", ServerSpec.embedded("mariadb"),
                new TimeBudget(1, Duration.ZERO, Duration.ofSeconds(2))).result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.MIGRATION_NOT_ENDED).singleElement()
                .extracting(Finding::message).asString()
                .contains("2 -> 3", "killed after 2.", "over its time budget of 2.0 s");
    }

    @Test
    void shouldCallItAnInfrastructureErrorWhenTheServerGoesAway() throws Exception {
        Path project = project("SELECT SLEEP(60);\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "server_dies", "", Fixtures.seedWithRows(1, 1));
        Path log = dir.resolve("out").resolve(UpgradeJob.LOG_FILE);

        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            long deadline = System.currentTimeMillis() + 60_000;
            try {
                while (System.currentTimeMillis() < deadline) {
                    if (Files.exists(log) && Files.readString(log).contains("2 -> 3...")) {
                        ProcessHandle.current().descendants()
                                .filter(p -> p.info().command().orElse("").contains("mariadbd"))
                                .forEach(ProcessHandle::destroyForcibly);
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the migration 2 -> 3 never started");
        });

        RunResult result = run(dataset, project, "change").result();
        killer.get(1, TimeUnit.MINUTES);

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.findings()).extracting(Finding::kind).contains(FindingKind.INFRASTRUCTURE);
        assertThat(result.findings()).extracting(Finding::kind).doesNotContain(FindingKind.FINAL_VERSION_MISMATCH);
    }

    @Test
    void shouldRunOnAnExistingServerInItsOwnDatabaseAndLeaveTheirsAlone() throws Exception {
        Path project = project("UPDATE t SET x = x + 1;\n", "SELECT 1;\n");
        String database = "realdb_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        // mysqldump names a trigger's definer; restored as the run's own user, the run's user defines it.
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), database, "", Fixtures.seedWithRows(1, 5)
                + "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t_keep BEFORE UPDATE ON t "
                + "FOR EACH ROW SET NEW.x = NEW.x */;\n");
        ServerSpec server = ServerSpec.existing("mariadb", ConnectionInfo.tcp("127.0.0.1", 3306, "root", ""));
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             Statement statement = connection.createStatement()) {
            // A database of the dataset's name that is someone else's: a run must not touch it.
            statement.execute("CREATE DATABASE " + database);
            statement.execute("CREATE TABLE " + database + ".theirs (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO " + database + ".theirs VALUES (7)");
            try {
                RunOutcome outcome = run(dataset, project, "change", server, TimeBudget.DEFAULT);

                assertThat(outcome.result().findings()).as(Files.readString(outcome.log())).isEmpty();
                assertThat(outcome.result().verdict()).isEqualTo(Verdict.PASS);
                assertThat(outcome.result().finalVersion()).isEqualTo("3");
                assertThat(outcome.result().steps().get(1).rowsUpdated()).isGreaterThanOrEqualTo(5);
                assertThat(Files.readString(outcome.log())).contains("made for this run on the existing server",
                        "Removed the run's database " + database + "_rdb_");
                try (java.sql.ResultSet rs = statement.executeQuery("SELECT id FROM " + database + ".theirs")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(7);
                }
                try (java.sql.ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA "
                        + "WHERE SCHEMA_NAME LIKE '" + database + "\\_rdb\\_%'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the run's own database is gone").isZero();
                }
            } finally {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    @Test
    void shouldRefuseAServerSocketThatLetsTheMigrationsSystemUserInWithoutAPassword() throws Exception {
        // Debian's MariaDB lets root in over its socket by unix_socket: a migration under unshare
        // as root would reach that socket as root.
        Path project = project("SELECT 1;\n", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "socket_login", "", Fixtures.seedWithRows(1, 1));
        ServerSpec server = ServerSpec.existing("mariadb",
                ConnectionInfo.socket(Path.of("/run/mysqld/mysqld.sock"), "root", ""));
        String user = System.getProperty("user.name");

        assertThatThrownBy(() -> new UpgradeJob(line -> { }).run(RunRequest.of(dataset, project.toString(), "master",
                "change", dir.resolve("out"), server, ToolEnvironment.scrubbed(List.of(), System::getenv))
                .with(Isolation.UNSHARE, TimeBudget.DEFAULT)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("lets the system user '" + user + "' log in over its socket");
    }

    @Test
    void shouldLetTwoRunsOnOneExistingServerTakeTurnsWithTheirOwnCounters() throws Exception {
        Path project = project("UPDATE t SET x = x + 1;\n", "UPDATE t SET x = x - 1;\n");
        ServerSpec server = ServerSpec.existing("mariadb", ConnectionInfo.tcp("127.0.0.1", 3306, "root", ""));
        Dataset first = Fixtures.dataset(dir.resolve("dataset1"), "realdb_turns", "", Fixtures.seedWithRows(1, 40));
        Dataset second = Fixtures.dataset(dir.resolve("dataset2"), "realdb_turns", "", Fixtures.seedWithRows(1, 40));

        CompletableFuture<RunOutcome> one = CompletableFuture.supplyAsync(() -> new UpgradeJob(line -> { }).run(
                RunRequest.of(first, project.toString(), "master", "change", dir.resolve("out1"), server,
                        ToolEnvironment.scrubbed(List.of(), System::getenv))));
        CompletableFuture<RunOutcome> two = CompletableFuture.supplyAsync(() -> new UpgradeJob(line -> { }).run(
                RunRequest.of(second, project.toString(), "master", "change", dir.resolve("out2"), server,
                        ToolEnvironment.scrubbed(List.of(), System::getenv))));

        for (RunOutcome outcome : List.of(one.get(5, TimeUnit.MINUTES), two.get(5, TimeUnit.MINUTES))) {
            assertThat(outcome.result().verdict()).as(Files.readString(outcome.log())).isEqualTo(Verdict.PASS);
            // Runs took turns, so the change's step counted its own 40 rows, not the other run's too.
            assertThat(outcome.result().steps().get(1).rowsUpdated()).isGreaterThanOrEqualTo(40L);
        }
        // They took turns: from its seed's restore to its clean-up, one run never overlaps the other.
        String[] a = window(one.get().log());
        String[] b = window(two.get().log());
        assertThat(a[1].compareTo(b[0]) <= 0 || b[1].compareTo(a[0]) <= 0)
                .as("run windows %s and %s", String.join("..", a), String.join("..", b)).isTrue();
    }

    /** When a run held the server: its seed restore's start and its clean-up, as log timestamps. */
    private static String[] window(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        String start = lines.stream().filter(l -> l.contains("Restoring the seed")).findFirst().orElseThrow();
        String end = lines.stream().filter(l -> l.contains("Removed the run's")).findFirst().orElseThrow();
        return new String[] {start.substring(0, 23), end.substring(0, 23)};
    }
}
