package io.realdb.engine.migration.flyway;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.migration.MigrationTools;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.runner.Fixtures;
import io.realdb.engine.runner.RunOutcome;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The flyway tool through the whole job: real git projects, private MariaDB servers, each step
 * a Flyway process in the sandbox.
 */
class FlywayUpgradeJobTest {

    private static final String PASSWORD = "pw-Zq81xT";
    /** Flyway's checksum of this text is in the seed's history (history-at-1.sql). */
    private static final String V1 = "CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL);\n";
    private static final String FLYWAY = "\"migration\": {\"tool\": \"flyway\"}";

    @TempDir
    Path dir;

    /**
     * trunk: 1 (t) and 1.2 (column y), a repeatable view; change: 1.10, in a sub-folder, which
     * touches every row of t. Undo scripts when asked.
     */
    private Path project(boolean undo, String changeFile, String changeSql) throws Exception {
        Fixtures.Project project = new Fixtures.Project()
                .trunk("db/migration/V1__create_t.sql", V1)
                .trunk("db/migration/V1_2__add_y.sql", "ALTER TABLE t ADD COLUMN y INT NULL;\n")
                .trunk("db/migration/R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT id FROM t;\n")
                .change("db/migration/2026/" + changeFile, changeSql);
        if (undo) {
            project.trunk("db/migration/U1_2__add_y.sql", "ALTER TABLE t DROP COLUMN y;\n")
                    .change("db/migration/2026/U1_10__bump_x.sql", "UPDATE t SET x = x - 1;\n");
        }
        return project.create(dir.resolve("project"));
    }

    /** A seed at version 1 as Flyway left it, with {@code rows} rows in t. */
    private static String seedAtOne(int rows) throws Exception {
        StringBuilder seed = new StringBuilder(FlywayToolTest.resource("history-at-1.sql")).append(V1);
        for (int i = 1; i <= rows; i++) {
            seed.append(i == 1 ? "INSERT INTO t VALUES " : ",").append('(').append(i).append(",0)");
        }
        return seed.append(rows > 0 ? ";\n" : "").toString();
    }

    @Test
    void shouldRunOneFlywayVersionPerStepAndUndoWithTheProjectsUndoScripts() throws Exception {
        Path project = project(true, "V1_10__bump_x.sql", "UPDATE t SET x = x + 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_full", FLYWAY, seedAtOne(120));

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();
        String log = Files.readString(outcome.log());

        assertThat(result.findings()).as(log).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(MigrationTools.create(dataset.migration(), "test").seedVersion(dataset.seed())).contains("1");
        assertThat(log).contains("The seed is at version 1");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).containsExactly("1->1.2");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly("1.2->1.10");
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("1.10->1.2", "1.2->1");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).containsExactly("1->1.2", "1.2->1.10");
        assertThat(result.finalVersion()).isEqualTo("1.10");
        assertThat(result.expectedFinalVersion()).isEqualTo("1.10");
        assertThat(result.steps()).allSatisfy(step -> {
            assertThat(step.ended()).isTrue();
            // The duration runs from Flyway's own line, after the JVM's start-up.
            assertThat(step.durationSource()).as(step.key()).isEqualTo(Step.FROM_MARKER);
            assertThat(step.processMs()).as(step.key()).isGreaterThanOrEqualTo(step.durationMs());
        });
        assertThat(result.steps().get(1).rowsUpdated()).isEqualTo(120);
        assertThat(result.steps().get(2).rowsUpdated()).isEqualTo(120);
        assertThat(log).contains("[stdout] Migrating schema `flyway_full` to version \"1.10 - bump x\"",
                "[stdout] Undoing migration of schema `flyway_full` to version \"1.10 - bump x\"",
                "[stdout] Undoing migration of schema `flyway_full` to version \"1.2 - add y\"",
                "Flyway: repeatable migrations are not run, one version per step is measured: db/migration/R__views.sql",
                "[output] Final schema version is 1.10");
        assertThat(log).doesNotContain("repeatable migration \"views\"", PASSWORD, "\u001b[");
    }

    @Test
    void shouldStopTheDowngradeAtAMigrationWithoutUndoScriptAndStillPass() throws Exception {
        Path project = project(false, "V1_10__bump_x.sql", "UPDATE t SET x = x + 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_no_undo", FLYWAY, "SELECT 1;\n");

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();
        String log = Files.readString(outcome.log());

        assertThat(result.findings()).as(log).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(log).contains("The seed is at version empty",
                "Downgrade stops above 1.10: the migration tool cannot revert it");
        assertThat(result.steps()).extracting(Step::phase, Step::key).containsExactly(
                Tuple.tuple(Phase.UPGRADE_TRUNK, "empty->1"),
                Tuple.tuple(Phase.UPGRADE_TRUNK, "1->1.2"),
                Tuple.tuple(Phase.UPGRADE_CHANGE, "1.2->1.10"));
        assertThat(result.finalVersion()).isEqualTo("1.10");
    }

    @Test
    void shouldFailAFlywayMigrationThatBreaksHalfWayNamingTheStep() throws Exception {
        Path project = project(false, "V2__broken.sql", "UPDATE t SET x = 7;\nINSERT INTO no_such_table VALUES (1);\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_broken", FLYWAY, seedAtOne(10));

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();
        String log = Files.readString(outcome.log());

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::kind)
                .containsExactlyInAnyOrder(FindingKind.MIGRATION_NOT_ENDED, FindingKind.FINAL_VERSION_MISMATCH);
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.MIGRATION_NOT_ENDED).singleElement()
                .satisfies(f -> {
                    assertThat(f.step()).isEqualTo("1.2->2");
                    assertThat(f.message()).contains("exit code 1", "V2__broken.sql", "no_such_table");
                });
        // Flyway recorded the failure in its history (success = 0): that is not version 2.
        assertThat(result.finalVersion()).isEqualTo("1.2");
        assertThat(result.steps()).last().satisfies(step -> assertThat(step.ended()).isFalse());
        assertThat(log).contains("[stderr] ERROR: Migration of schema `flyway_broken` to version \"2 - broken\" failed!",
                "Line       : 2");
    }

    @Test
    void shouldFailAnUndoScriptThatBreaksAndKeepTheVersionApplied() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("db/migration/V1__create_t.sql", V1)
                .change("db/migration/V1_1__add_y.sql", "ALTER TABLE t ADD COLUMN y INT NULL;\n")
                .change("db/migration/U1_1__add_y.sql", "UPDATE t SET x = 1;\nALTER TABLE t DROP COLUMN no_such_column;\n")
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_bad_undo", FLYWAY, seedAtOne(5));

        RunResult result = Fixtures.run(dataset, project, dir.resolve("out")).result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.MIGRATION_NOT_ENDED);
            assertThat(f.step()).isEqualTo("1.1->1");
            assertThat(f.message()).contains("exit code 1", "U1_1__add_y.sql line 2", "no_such_column");
        });
        assertThat(result.finalVersion()).isEqualTo("1.1");
    }

    @Test
    void shouldFailAChangeWhoseFlywayMigrationChangesTooManyRows() throws Exception {
        Path project = project(true, "V1_10__bump_x.sql", "UPDATE t SET x = x + 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_many_rows",
                FLYWAY + ",\n  \"XInnodb_rows_changed\": {\"default\": 10}", seedAtOne(300));

        RunResult result = Fixtures.run(dataset, project, dir.resolve("out")).result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::kind, Finding::step)
                .contains(Tuple.tuple(FindingKind.TOO_MANY_ROWS_CHANGED, "1.2->1.10"))
                .doesNotContain(Tuple.tuple(FindingKind.TOO_MANY_ROWS_CHANGED, "1->1.2"));
        // 300 rows of t, and Flyway's row in its history table.
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.TOO_MANY_ROWS_CHANGED)
                .first().extracting(Finding::message).asString().contains("(301 > 10)");
    }

    @Test
    void shouldRefuseASeedWithTablesButNoFlywayHistory() throws Exception {
        Path project = project(false, "V1_10__bump_x.sql", "SELECT 1;\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_no_history", FLYWAY, V1);

        assertThatThrownBy(() -> Fixtures.run(dataset, project, dir.resolve("out")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("database flyway_no_history has tables but no Flyway history table "
                        + "`flyway_schema_history`");
    }

    @Test
    void shouldNotPassAMigrationInsertedBelowOneAlreadyApplied() throws Exception {
        // trunk applies 1 and 1.2; the change slips 1.1 in below them, as Flyway (outOfOrder off) refuses to run.
        Path project = new Fixtures.Project()
                .trunk("db/migration/V1__create_t.sql", V1)
                .trunk("db/migration/V1_2__add_y.sql", "ALTER TABLE t ADD COLUMN y INT NULL;\n")
                .change("db/migration/V1_1__bad.sql", "THIS IS NOT SQL;\n")
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_inserted", FLYWAY, seedAtOne(3));

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();

        assertThat(result.verdict()).as(Files.readString(outcome.log())).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.MIGRATION_NOT_ENDED).singleElement()
                .satisfies(f -> assertThat(f.step()).isEqualTo("1->1.1"));
    }

    @Test
    void shouldTimeAStepFromFlywaysOwnLine() throws Exception {
        Path project = project(false, "V1_10__slow.sql", "SELECT SLEEP(1);\n");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "flyway_slow", FLYWAY + ", \"downgrade_to\": \"none\"",
                seedAtOne(1));

        RunResult result = Fixtures.run(dataset, project, dir.resolve("out")).result();

        Step slow = result.steps().stream().filter(st -> st.key().equals("1.2->1.10")).findFirst().orElseThrow();
        assertThat(slow.durationSource()).isEqualTo(Step.FROM_MARKER);
        assertThat(slow.durationMs()).isGreaterThanOrEqualTo(1000).isLessThan(slow.processMs());
    }
}
