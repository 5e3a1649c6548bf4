package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job on PostgreSQL, with every migration tool run for real: private servers from the
 * machine's programs and the machine's own server, commands in the bwrap sandbox reaching the
 * database by its socket only, and row counters per step that match what the migrations did.
 */
class PostgresUpgradeJobTest {

    private static final String PASSWORD = "pw-Zq81xT";
    private static final ConnectionInfo MACHINE = ConnectionInfo.tcp("127.0.0.1", 5432, "postgres", null);
    private static final List<String> FULL = List.of("1->2", "2->3", "3->2", "2->1", "1->2", "2->3");

    @TempDir
    Path dir;

    private RunOutcome run(Dataset dataset, Path project, ServerSpec server) {
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", dir.resolve("out"),
                server, ToolEnvironment.scrubbed(List.of(), System::getenv))
                .with(io.realdb.engine.sandbox.Isolation.AUTO, TimeBudget.DEFAULT);
        return new UpgradeJob(line -> { }).run(request);
    }

    /** A table t of {@code rows} rows; {@code head} makes the tool's own table first. */
    private static String seed(String head, int rows) {
        return head + "CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL);\n"
                + "INSERT INTO t SELECT g, 0 FROM generate_series(1, " + rows + ") g;\n";
    }

    private static void assertPassed(RunOutcome outcome, List<String> keys) throws Exception {
        RunResult result = outcome.result();
        String log = Files.readString(outcome.log());
        assertThat(result.findings()).as(log).isEmpty();
        assertThat(result.verdict()).as(log).isEqualTo(Verdict.PASS);
        assertThat(result.steps()).extracting(Step::key).containsExactlyElementsOf(keys);
        assertThat(result.info()).containsEntry("engine", "postgresql");
        assertThat(result.info().get("serverVersion")).matches("\\d+.*");
        assertThat(log).doesNotContain(PASSWORD);
    }

    /** The change's step as the upgrade to the change ran it. */
    private static Step changeStep(RunResult result) {
        return result.steps().stream().filter(s -> s.phase() == Phase.UPGRADE_CHANGE).findFirst().orElseThrow();
    }

    private Path sqlDirProject() throws Exception {
        return new Fixtures.Project()
                .trunk("migrations/0001_init.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_init.down.sql", "SELECT 1;\n")
                .trunk("migrations/0002_add_y.up.sql", "ALTER TABLE t ADD COLUMN y INT;\n")
                .trunk("migrations/0002_add_y.down.sql", "ALTER TABLE t DROP COLUMN y;\n")
                // Dollar quotes with semicolons inside: the server's own splitting, not realdb's, must hold.
                .change("migrations/0003_bump.up.sql", """
                        CREATE FUNCTION bump(n INT) RETURNS INT AS $$
                        BEGIN
                          UPDATE t SET x = x + 1 WHERE id <= n;
                          RETURN n;
                        END;
                        $$ LANGUAGE plpgsql;
                        SELECT bump(120);
                        """)
                .change("migrations/0003_bump.down.sql", "UPDATE t SET x = x - 1 WHERE id <= 120;\nDROP FUNCTION bump(INT);\n")
                .create(dir.resolve("project"));
    }

    private static final String SQL_DIR_HEAD =
            "CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);\n"
                    + "INSERT INTO schema_migrations VALUES (1, false);\n";

    @Test
    void sqlFilesOnAPrivateServerCountTheRowsEachStepChanged() throws Exception {
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "shop", "\"engine\": \"postgresql\"", seed(SQL_DIR_HEAD, 400));
        RunOutcome outcome = run(dataset, sqlDirProject(), ServerSpec.embedded("postgresql"));

        assertPassed(outcome, FULL);
        Step change = changeStep(outcome.result());
        // The rows of t, and schema_migrations' row written twice (dirty, then clean), as golang-migrate does.
        assertThat(change.rowsUpdated()).isEqualTo(120);
        assertThat(change.rowsInserted()).isEqualTo(2);
        assertThat(change.rowsDeleted()).isEqualTo(2);
        assertThat(Files.readString(outcome.log())).contains("Private server", "Isolation: bwrap", "/run/realdb/.s.PGSQL.5432");
    }

    @Test
    void aPrivateServerStartsFromTheSeedsSnapshotOnceItIsMade() throws Exception {
        // A seed of this test's own, so that no snapshot from an earlier test run is there yet.
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "shop", "",
                "-- " + java.util.UUID.randomUUID() + "\n" + seed(SQL_DIR_HEAD, 333));
        Path project = sqlDirProject();
        RunOutcome first = run(dataset, project, ServerSpec.embedded("postgresql"));
        assertPassed(first, FULL);
        String firstLog = Files.readString(first.log());
        assertThat(firstLog).contains("No snapshot ", "Made snapshot ");

        Files.move(dir.resolve("out"), dir.resolve("out-first"));
        RunOutcome second = run(dataset, project, ServerSpec.embedded("postgresql"));
        assertPassed(second, FULL);
        String log = Files.readString(second.log());
        assertThat(log).contains("Reset from snapshot ", "The migrations run as database user migrator")
                .doesNotContain("Restoring the seed");
        // The seed's tables belong to the run's role in the copy too: its migrations altered them.
        assertThat(changeStep(second.result()).rowsUpdated()).isEqualTo(changeStep(first.result()).rowsUpdated())
                .isEqualTo(120);

        // The snapshot of a seed no other test has goes with the test.
        java.util.regex.Matcher made = java.util.regex.Pattern.compile("Made snapshot [^:]*: (\\S+)")
                .matcher(firstLog);
        assertThat(made.find()).isTrue();
        io.realdb.engine.db.snapshot.SnapshotStore.removeTree(Path.of(made.group(1)));
    }

    @Test
    void anExistingServerGetsADatabaseOfTheRunsOwnAndLosesIt() throws Exception {
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "shop", "", seed(SQL_DIR_HEAD, 50));
        RunOutcome outcome = run(dataset, sqlDirProject(), ServerSpec.existing("postgresql", MACHINE));
        dropTemplate(templateOf(dataset.seed()));

        assertPassed(outcome, FULL);
        assertThat(changeStep(outcome.result()).rowsUpdated()).isEqualTo(50);
        // Its own database and role, by the names its log gives; other runs on this server may have theirs.
        java.util.regex.Matcher own = java.util.regex.Pattern
                .compile("into database (shop_rdb_\\w+), made for this run on the existing server as the run's own user (\\w+);")
                .matcher(Files.readString(outcome.log()));
        assertThat(own.find()).isTrue();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             java.sql.PreparedStatement st = c.prepareStatement("SELECT (SELECT count(*) FROM pg_database WHERE datname = ?) "
                     + "+ (SELECT count(*) FROM pg_roles WHERE rolname = ?)")) {
            st.setString(1, own.group(1));
            st.setString(2, own.group(2));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void anExistingServerKeepsTheSeedAsATemplateThatLaterRunsCopy() throws Exception {
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "shop", "", seed(SQL_DIR_HEAD, 77));
        String template = templateOf(dataset.seed());
        dropTemplate(template);
        try {
            Path project = sqlDirProject();
            RunOutcome first = run(dataset, project, ServerSpec.existing("postgresql", MACHINE));
            assertPassed(first, FULL);
            assertThat(Files.readString(first.log())).contains("Kept the restored seed as the template database " + template);

            // realdb cleanup leaves a template alone: it is kept on purpose.
            try (var server = new io.realdb.engine.db.PostgresEngine().connectExisting(MACHINE)) {
                assertThat(server.removeLeftovers()).noneMatch(line -> line.contains(template));
            }

            RunOutcome second = run(dataset, project, ServerSpec.existing("postgresql", MACHINE));
            assertPassed(second, FULL);
            String log = Files.readString(second.log());
            assertThat(log).contains("Seed copied from the template database " + template).doesNotContain("Restoring:");
            assertThat(changeStep(second.result()).rowsUpdated()).isEqualTo(changeStep(first.result()).rowsUpdated())
                    .isEqualTo(77);
            assertThat(databaseCount(template)).isEqualTo(1);
        } finally {
            dropTemplate(template);
        }
    }

    /** The template's documented name: {@code realdb_seed_} and 40 hex digits of the seed's SHA-256. */
    private static String templateOf(Path seed) throws Exception {
        byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(seed));
        return "realdb_seed_" + java.util.HexFormat.of().formatHex(sha, 0, 20);
    }

    private static long databaseCount(String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             java.sql.PreparedStatement st = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void dropTemplateOf(Path seed) throws Exception {
        dropTemplate(templateOf(seed));
    }

    /** Tests leave no template of their seeds on the machine's server. */
    private static void dropTemplate(String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/realdb_registry", "postgres", "");
             java.sql.PreparedStatement st = c.prepareStatement("DELETE FROM realdb_owned WHERE name = ?")) {
            st.setString(1, name);
            st.execute();
        } catch (java.sql.SQLException e) {
            // No registry yet.
        }
    }

    @Test
    void aCommandReachesItsDatabaseBySocketAndNothingElse() throws Exception {
        // The machine's server listens on 127.0.0.1 with trust: a migration that reached it would be its superuser.
        String script = """
                set -e
                if psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
                  echo "reached the network"; exit 9
                fi
                psql -X -q -v ON_ERROR_STOP=1 -f versions/$2.sql
                psql -X -q -v ON_ERROR_STOP=1 -c "UPDATE migrate_version SET version = $2"
                echo "moved from $1 to $2 as $PGUSER on $PGHOST"
                """;
        Path project = new Fixtures.Project()
                .trunk("migrate.sh", script)
                .trunk("versions/1.sql", "SELECT 1;\n")
                .trunk("versions/2.sql", "CREATE TABLE a (id INT);\n")
                .change("versions/3.sql", "INSERT INTO a SELECT generate_series(1, 7);\n")
                .create(dir.resolve("project"));
        String migration = """
                "engine": "postgresql",
                "migration": {"tool": "command", "up": "sh migrate.sh {from} {to}",
                  "versions": {"path": "versions", "pattern": "^(\\\\d+)\\\\.sql$"},
                  "current": {"query": "SELECT version FROM migrate_version"}},
                "downgrade_to": "none"
                """;
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "command_pg", migration,
                "CREATE TABLE migrate_version (version INT NOT NULL);\nINSERT INTO migrate_version VALUES (1);\n");

        RunOutcome outcome = run(dataset, project, ServerSpec.embedded("postgresql"));

        assertPassed(outcome, List.of("1->2", "2->3"));
        assertThat(Files.readString(outcome.log())).contains("[stdout] moved from 2 to 3 as migrator on /run/realdb")
                .doesNotContain("reached the network");
        assertThat(changeStep(outcome.result()).rowsInserted()).isEqualTo(7);
    }

    @Test
    void alembicRunsWithPsycopg() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("alembic.ini", "[alembic]\nscript_location = db\n")
                .trunk("db/env.py", """
                        import os
                        from alembic import context
                        from sqlalchemy import create_engine, pool

                        engine = create_engine(os.environ["REALDB_SQLALCHEMY_URL"], poolclass=pool.NullPool)
                        with engine.connect() as connection:
                            context.configure(connection=connection)
                            with context.begin_transaction():
                                context.run_migrations()
                        """)
                .trunk("db/versions/a1_init.py", alembicRevision("a1", "None", "SELECT 1", "SELECT 1"))
                .trunk("db/versions/b2_y.py", alembicRevision("b2", "'a1'", "ALTER TABLE t ADD COLUMN y INT",
                        "ALTER TABLE t DROP COLUMN y"))
                .change("db/versions/c3_bump.py", alembicRevision("c3", "'b2'", "UPDATE t SET x = x + 1 WHERE id <= 30",
                        "UPDATE t SET x = x - 1 WHERE id <= 30"))
                .create(dir.resolve("project"));
        String migration = "\"engine\": \"postgresql\", \"migration\": {\"tool\": \"alembic\", \"versions\": \"db/versions\"}";
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "alembic_pg", migration,
                seed("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);\n"
                        + "INSERT INTO alembic_version VALUES ('a1');\n", 80));

        RunOutcome outcome = run(dataset, project, ServerSpec.embedded("postgresql"));

        assertPassed(outcome, List.of("a1->b2", "b2->c3", "c3->b2", "b2->a1", "a1->b2", "b2->c3"));
        // Alembic's own row in alembic_version moves too.
        assertThat(changeStep(outcome.result()).rowsUpdated()).isEqualTo(30 + 1);
    }

    private static String alembicRevision(String id, String down, String upSql, String downSql) {
        return """
                from alembic import op

                revision = '%s'
                down_revision = %s


                def upgrade():
                    op.execute("%s")


                def downgrade():
                    op.execute("%s")
                """.formatted(id, down, upSql, downSql);
    }

    @Test
    void sqlalchemyMigrateRunsWithPsycopg() throws Exception {
        String script = """
                from sqlalchemy import text


                def upgrade(migrate_engine):
                    with migrate_engine.begin() as connection:
                        connection.execute(text("%s"))


                def downgrade(migrate_engine):
                    with migrate_engine.begin() as connection:
                        connection.execute(text("%s"))
                """;
        Path project = new Fixtures.Project()
                .trunk("db/repo/__init__.py", "")
                .trunk("db/repo/migrate.cfg", "[db_settings]\nrepository_id=shop\nversion_table=migrate_version\n"
                        + "required_dbs=[]\nuse_timestamp_numbering=False\n")
                .trunk("db/repo/versions/__init__.py", "")
                .trunk("db/repo/versions/001_init.py", script.formatted("SELECT 1", "SELECT 1"))
                .trunk("db/repo/versions/002_y.py", script.formatted("ALTER TABLE t ADD COLUMN y INT", "ALTER TABLE t DROP COLUMN y"))
                .change("db/repo/versions/003_bump.py", script.formatted("DELETE FROM t WHERE id > 60",
                        "INSERT INTO t SELECT g, 0 FROM generate_series(61, 70) g"))
                .create(dir.resolve("project"));
        String migration = """
                "engine": "postgresql",
                "migration": {"tool": "sqlalchemy-migrate", "repository": "db/repo", "python": "/usr/bin/python3"}""";
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "migrate_pg", migration,
                seed("CREATE TABLE migrate_version (repository_id VARCHAR(250) NOT NULL PRIMARY KEY, "
                        + "repository_path TEXT, version INT);\nINSERT INTO migrate_version VALUES ('shop', 'db/repo', 1);\n", 70));

        RunOutcome outcome = run(dataset, project, ServerSpec.embedded("postgresql"));

        assertPassed(outcome, FULL);
        assertThat(changeStep(outcome.result()).rowsDeleted()).isEqualTo(10);
    }

    @Test
    void flywayRunsWithItsPostgresqlSupport() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("db/migration/V1__create_t.sql", "CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL);\n"
                        + "INSERT INTO t SELECT g, 0 FROM generate_series(1, 90) g;\n")
                .trunk("db/migration/V1_2__add_y.sql", "ALTER TABLE t ADD COLUMN y INT;\n")
                .change("db/migration/V1_10__bump.sql", "UPDATE t SET x = x + 1 WHERE id <= 45;\n")
                .create(dir.resolve("project"));
        String migration = "\"engine\": \"postgresql\", \"migration\": {\"tool\": \"flyway\"}, \"downgrade_to\": \"none\"";
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_pg", migration, "SELECT 1;\n");

        RunOutcome outcome = run(dataset, project, ServerSpec.embedded("postgresql"));

        assertPassed(outcome, List.of("empty->1", "1->1.2", "1.2->1.10"));
        // Flyway's history row for the step is one insert of its own.
        assertThat(changeStep(outcome.result()).rowsUpdated()).isEqualTo(45);
    }

    @Test
    void liquibaseRunsChangesetsForPostgresqlOnly() throws Exception {
        String master = "db/changelog/master.yaml";
        Path project = new Fixtures.Project()
                .trunk(master, """
                        databaseChangeLog:
                          - changeSet:
                              id: 1
                              author: alice
                              changes:
                                - createTable:
                                    tableName: t
                                    columns:
                                      - column: {name: id, type: INT, constraints: {primaryKey: true}}
                                      - column: {name: x, type: INT}
                          - changeSet:
                              id: 2
                              author: alice
                              dbms: mariadb
                              changes:
                                - sql: {sql: "THIS IS NOT SQL FOR POSTGRESQL"}
                          - include: {file: db/changelog/three.sql}
                        """)
                .trunk("db/changelog/three.sql", """
                        --liquibase formatted sql
                        --changeset bob:3 dbms:postgresql
                        INSERT INTO t SELECT g, 0 FROM generate_series(1, 25) g;
                        --rollback DELETE FROM t;
                        """)
                .create(dir.resolve("project"));
        String migration = "\"engine\": \"postgresql\", \"migration\": {\"tool\": \"liquibase\", \"changelog\": \"" + master
                + "\"}, \"downgrade_to\": \"none\"";
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_pg", migration, "SELECT 1;\n");

        RunOutcome outcome = run(dataset, project, ServerSpec.embedded("postgresql"));

        RunResult result = outcome.result();
        String log = Files.readString(outcome.log());
        assertThat(result.verdict()).as(log).isEqualTo(Verdict.PASS);
        assertThat(result.steps()).hasSize(2);
        assertThat(log).doesNotContain("THIS IS NOT SQL").contains("Running Changeset: db/changelog/three.sql::3::bob");
        Step insert = result.steps().get(1);
        assertThat(insert.rowsInserted()).as(log).isGreaterThanOrEqualTo(25);
    }
}
