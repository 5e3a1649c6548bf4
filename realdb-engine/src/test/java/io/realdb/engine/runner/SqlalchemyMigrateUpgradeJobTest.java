package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** sqlalchemy-migrate repositories made in the test, run by Debian's python3-migrate on a private MariaDB server. */
class SqlalchemyMigrateUpgradeJobTest {

    private static final String MIGRATION = """
            "migration": {"tool": "sqlalchemy-migrate", "repository": "db/repo", "python": "/usr/bin/python3"}""";

    @TempDir
    Path dir;

    private static String script(String upSql, String downSql) {
        return """
                from sqlalchemy import text


                def upgrade(migrate_engine):
                    with migrate_engine.begin() as connection:
                        connection.execute(text("%s"))


                def downgrade(migrate_engine):
                    with migrate_engine.begin() as connection:
                        connection.execute(text("%s"))
                """.formatted(upSql, downSql);
    }

    /** Versions 1 and 2 on trunk; the change brings 3 with the given SQL. */
    private Path project(String threeUp) throws Exception {
        return new Fixtures.Project()
                .trunk("db/repo/__init__.py", "")
                .trunk("db/repo/migrate.cfg", "[db_settings]\nrepository_id=shop\nversion_table=migrate_version\n"
                        + "required_dbs=[]\nuse_timestamp_numbering=False\n")
                .trunk("db/repo/versions/__init__.py", "")
                .trunk("db/repo/versions/001_init.py", script("SELECT 1", "SELECT 1"))
                .trunk("db/repo/versions/002_add_y.py", script("ALTER TABLE t ADD COLUMN y INT NULL",
                        "ALTER TABLE t DROP COLUMN y"))
                .change("db/repo/versions/003_bump.py", script(threeUp, "UPDATE t SET x = x - 1"))
                .create(dir.resolve("project"));
    }

    private Dataset dataset(String name, String limits) throws Exception {
        StringBuilder seed = new StringBuilder("""
                CREATE TABLE migrate_version (repository_id VARCHAR(250) NOT NULL PRIMARY KEY, repository_path TEXT,
                  version INT);
                INSERT INTO migrate_version VALUES ('shop', 'db/repo', 1);
                CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL) ENGINE=InnoDB;
                """);
        for (int i = 1; i <= 40; i++) {
            seed.append(i == 1 ? "INSERT INTO t VALUES " : ",").append('(').append(i).append(",0)");
        }
        seed.append(";\n");
        return Fixtures.dataset(dir.resolve("dataset"), name, MIGRATION + (limits.isEmpty() ? "" : ",\n" + limits),
                seed.toString());
    }

    @Test
    void shouldStepEachVersionInItsOwnProcessTimedFromTheToolsLine() throws Exception {
        RunOutcome outcome = Fixtures.run(dataset("sam_pass", ""), project("UPDATE t SET x = x + 1"),
                dir.resolve("out"));
        RunResult result = outcome.result();

        assertThat(result.findings()).as(Files.readString(outcome.log())).isEmpty();
        assertThat(result.steps()).extracting(Step::key)
                .containsExactly("1->2", "2->3", "3->2", "2->1", "1->2", "2->3");
        assertThat(result.steps()).extracting(Step::phase).containsExactly(Phase.UPGRADE_TRUNK, Phase.UPGRADE_CHANGE,
                Phase.DOWNGRADE, Phase.DOWNGRADE, Phase.UPGRADE_AGAIN, Phase.UPGRADE_AGAIN);
        Step bump = result.steps().get(1);
        // The 40 rows, and sqlalchemy-migrate's own row in migrate_version.
        assertThat(bump.rowsUpdated()).isEqualTo(41);
        assertThat(bump.durationSource()).isEqualTo(Step.FROM_MARKER);
        assertThat(bump.processMs()).isGreaterThan(bump.durationMs());
        assertThat(result.finalVersion()).isEqualTo("3");
        assertThat(Files.readString(outcome.log())).contains("[stdout] 2 -> 3... ");
    }

    @Test
    void shouldFailTheChangeWhoseMigrationRaisesNamingTheStep() throws Exception {
        RunResult result = Fixtures.run(dataset("sam_broken", ""), project("UPDATE no_such_table SET x = 1"),
                dir.resolve("out")).result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.MIGRATION_NOT_ENDED).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("2 -> 3", "exit code 1"));
    }

    @Test
    void shouldFailAStepOverItsRowsLimit() throws Exception {
        RunResult result = Fixtures.run(dataset("sam_limit", "\"XInnodb_rows_changed\": {\"default\": 10}"),
                project("UPDATE t SET x = x + 1"), dir.resolve("out")).result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::kind).contains(FindingKind.TOO_MANY_ROWS_CHANGED);
        assertThat(result.findings()).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("2->3"));
    }
}
