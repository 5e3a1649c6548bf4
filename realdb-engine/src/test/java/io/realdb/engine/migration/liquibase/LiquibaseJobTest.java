package io.realdb.engine.migration.liquibase;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import io.realdb.engine.runner.Fixtures;
import io.realdb.engine.runner.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The whole job with the liquibase tool, end to end: real git projects, a private MariaDB server,
 * and each step's Liquibase in its own process inside the sandbox, which has no network.
 */
class LiquibaseJobTest {

    private static final String PASSWORD = "pw-Zq81xT";
    private static final String MASTER = "db/changelog/db.changelog-master.xml";
    private static final String MIGRATION = "\"migration\": {\"tool\": \"liquibase\", \"changelog\": \"" + MASTER + "\"}";

    /** Changesets 1 (createTable) and 2 (createIndex), then whatever the changes folder holds. */
    private static final String MASTER_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
                <changeSet id="1" author="alice">
                    <createTable tableName="t">
                        <column name="id" type="int"><constraints primaryKey="true"/></column>
                        <column name="x" type="int"/>
                    </createTable>
                </changeSet>
                <changeSet id="2" author="alice">
                    <createIndex tableName="t" indexName="t_x"><column name="x"/></createIndex>
                </changeSet>
                <includeAll path="changes/" relativeToChangelogFile="true" errorIfMissingOrEmpty="false"/>
            </databaseChangeLog>
            """;

    private static final String ADD_Y_YAML = """
            databaseChangeLog:
              - changeSet:
                  id: 3
                  author: bob
                  changes:
                    - addColumn:
                        tableName: t
                        columns:
                          - column: {name: y, type: int}
            """;

    private static final String BUMP_X_SQL = """
            --liquibase formatted sql

            --changeset bob:4
            UPDATE t SET x = x + 1;
            --rollback UPDATE t SET x = x - 1;
            """;

    @TempDir
    Path dir;

    /**
     * A seed at changeset 1, in the shapes Liquibase 4.33 gives its tables on MariaDB, with the
     * checksum it records for changeset 1, and {@code rows} rows in t.
     */
    private static String seedAtChangesetOne(int rows) {
        StringBuilder seed = new StringBuilder("""
                CREATE TABLE `DATABASECHANGELOG` (
                  `ID` varchar(255) NOT NULL,
                  `AUTHOR` varchar(255) NOT NULL,
                  `FILENAME` varchar(255) NOT NULL,
                  `DATEEXECUTED` datetime NOT NULL,
                  `ORDEREXECUTED` int(11) NOT NULL,
                  `EXECTYPE` varchar(10) NOT NULL,
                  `MD5SUM` varchar(35) DEFAULT NULL,
                  `DESCRIPTION` varchar(255) DEFAULT NULL,
                  `COMMENTS` varchar(255) DEFAULT NULL,
                  `TAG` varchar(255) DEFAULT NULL,
                  `LIQUIBASE` varchar(20) DEFAULT NULL,
                  `CONTEXTS` varchar(255) DEFAULT NULL,
                  `LABELS` varchar(255) DEFAULT NULL,
                  `DEPLOYMENT_ID` varchar(10) DEFAULT NULL
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
                INSERT INTO `DATABASECHANGELOG` VALUES
                ('1','alice','db/changelog/db.changelog-master.xml','2024-05-02 09:00:00',1,'EXECUTED','9:6cb02556ed37cd13e984e03d99ea1067','createTable tableName=t','',NULL,'4.33.0',NULL,NULL,'4640400000');
                CREATE TABLE `DATABASECHANGELOGLOCK` (
                  `ID` int(11) NOT NULL,
                  `LOCKED` tinyint(1) NOT NULL,
                  `LOCKGRANTED` datetime DEFAULT NULL,
                  `LOCKEDBY` varchar(255) DEFAULT NULL,
                  PRIMARY KEY (`ID`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
                INSERT INTO `DATABASECHANGELOGLOCK` VALUES
                (1,0,NULL,NULL);
                CREATE TABLE `t` (
                  `id` int(11) NOT NULL,
                  `x` int(11) DEFAULT NULL,
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
                """);
        for (int i = 1; i <= rows; i++) {
            seed.append(i == 1 ? "INSERT INTO `t` VALUES " : ",").append('(').append(i).append(",0)");
        }
        return seed.append(rows > 0 ? ";\n" : "").toString();
    }

    @Test
    void shouldRunOneChangesetPerStepThroughEveryPhaseAndPass() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .change("db/changelog/changes/003-add-y.yaml", ADD_Y_YAML)
                .change("db/changelog/changes/004-bump-x.sql", BUMP_X_SQL)
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_clean", MIGRATION, seedAtChangesetOne(150));

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();
        String log = Files.readString(outcome.log());

        assertThat(result.findings()).as(log).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(log).contains("The seed is at version 1");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).containsExactly("1->2");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly("2->3", "3->4");
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("4->3", "3->2", "2->1");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).containsExactly("1->2", "2->3", "3->4");
        assertThat(result.finalVersion()).isEqualTo("4");
        assertThat(result.expectedFinalVersion()).isEqualTo("4");
        assertThat(result.steps()).allSatisfy(step -> {
            assertThat(step.ended()).isTrue();
            assertThat(step.durationSource()).isEqualTo(Step.FROM_MARKER);
            assertThat(step.processMs()).isGreaterThanOrEqualTo(step.durationMs());
        });
        Step bump = result.steps().get(2);
        assertThat(bump.key()).isEqualTo("3->4");
        assertThat(bump.rowsUpdated()).isGreaterThanOrEqualTo(150);
        assertThat(log).contains(
                "[stdout] Running Changeset: db/changelog/changes/004-bump-x.sql::4::bob",
                "[stdout] Rolling Back Changeset: db/changelog/changes/004-bump-x.sql::4::bob",
                "[output] Final schema version is 4");
        assertThat(log).doesNotContain(PASSWORD).doesNotContain("\u001b[");
    }

    @Test
    void shouldFailAChangesetThatBreaksAndNameTheStep() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .change("db/changelog/changes/003-broken.sql", """
                        --liquibase formatted sql
                        --changeset bob:3
                        ALTER TABLE no_such_table ADD COLUMN z INT;
                        --rollback SELECT 1;
                        """)
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_broken", MIGRATION, seedAtChangesetOne(3));

        RunResult result = Fixtures.run(dataset, project, dir.resolve("out")).result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::kind, Finding::step)
                .contains(tuple(FindingKind.MIGRATION_NOT_ENDED, "2->3"));
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.MIGRATION_NOT_ENDED).singleElement()
                .extracting(Finding::message).asString()
                .contains("2 -> 3", "db/changelog/changes/003-broken.sql::3::bob", "no_such_table", "doesn't exist");
        assertThat(result.finalVersion()).isEqualTo("2");
    }

    @Test
    void shouldFailAChangesetThatChangesMoreRowsThanTheLimit() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .change("db/changelog/changes/004-bump-x.sql", BUMP_X_SQL)
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_rows",
                MIGRATION + ",\n  \"XInnodb_rows_changed\": {\"default\": 10}", seedAtChangesetOne(300));

        RunResult result = Fixtures.run(dataset, project, dir.resolve("out")).result();

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::kind, Finding::step)
                .contains(tuple(FindingKind.TOO_MANY_ROWS_CHANGED, "2->4"));
        // Liquibase's own bookkeeping (the lock taken and given back, the changelog's new row) stays under the limit.
        assertThat(result.findings()).filteredOn(f -> f.kind() == FindingKind.TOO_MANY_ROWS_CHANGED)
                .extracting(Finding::step).doesNotContain("1->2");
    }

    @Test
    void shouldStopTheDowngradeAboveAChangesetWithoutRollback() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .change("db/changelog/changes/003-plain-sql.xml", """
                        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
                            <changeSet id="3" author="bob">
                                <sql>UPDATE t SET x = 7</sql>
                            </changeSet>
                        </databaseChangeLog>
                        """)
                .change("db/changelog/changes/004-bump-x.sql", BUMP_X_SQL)
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_no_rollback", MIGRATION,
                seedAtChangesetOne(5));

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();
        String log = Files.readString(outcome.log());

        assertThat(result.findings()).as(log).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("4->3");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).containsExactly("3->4");
        assertThat(log).contains("Downgrade stops above 3: the migration tool cannot revert it");
        assertThat(result.finalVersion()).isEqualTo("4");
    }

    @Test
    void shouldKeyRepeatedIdsByAuthorAndStartFromAnEmptySchema() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .change("db/changelog/changes/001-carol.yaml", """
                        databaseChangeLog:
                          - changeSet:
                              id: 1
                              author: carol
                              changes:
                                - createTable:
                                    tableName: u
                                    columns:
                                      - column: {name: id, type: int}
                        """)
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_empty", MIGRATION, "SELECT 1;\n");

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();

        assertThat(result.findings()).as(Files.readString(outcome.log())).isEmpty();
        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).containsExactly("0->1", "1->2");
        // In the change, two changesets have id 1: both are named by author, here and in the state read back.
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly("2->carol:1");
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("carol:1->2", "2->alice:1", "alice:1->0");
        assertThat(result.finalVersion()).isEqualTo("carol:1");
    }

    @Test
    void shouldNameAChangesetThatTheDatabaseHasAndTheChangelogDoesNot() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .create(dir.resolve("project"));
        String seed = seedAtChangesetOne(1).replace("('1','alice','db/changelog/db.changelog-master.xml'",
                "('legacy-7','dave','db/changelog/old.xml'");
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_unknown", MIGRATION, seed);

        assertThatThrownBy(() -> Fixtures.run(dataset, project, dir.resolve("out")))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("db/changelog/old.xml::legacy-7::dave")
                .hasMessageContaining("trunk does not have");
    }

    @Test
    void shouldRunAChangesetInsertedBelowOnesAlreadyAppliedAndRevertInLiquibasesOrder() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .trunk("db/changelog/changes/003-add-y.yaml", ADD_Y_YAML)
                .change("db/changelog/changes/0025-set-x.sql", """
                        --liquibase formatted sql

                        --changeset carol:25
                        UPDATE t SET x = 5;
                        --rollback UPDATE t SET x = 0;
                        """)
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_inserted", MIGRATION, seedAtChangesetOne(20));

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();

        assertThat(result.findings()).as(Files.readString(outcome.log())).isEmpty();
        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).containsExactly("1->2", "2->3");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly("2->25");
        assertThat(result.steps().get(2).rowsUpdated()).isGreaterThanOrEqualTo(20);
        // Liquibase rolls back the changeset run last first: 25, although the changelog lists it before 3.
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("25->2", "3->25", "2->1");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).containsExactly("1->2", "2->25", "25->3");
        assertThat(result.finalVersion()).isEqualTo("3");
    }

    @Test
    void shouldTimeAStepFromLiquibasesOwnLine() throws Exception {
        Path project = new Fixtures.Project()
                .trunk(MASTER, MASTER_XML)
                .change("db/changelog/changes/003-slow.sql", """
                        --liquibase formatted sql

                        --changeset bob:3
                        SELECT SLEEP(1);
                        --rollback SELECT 1;
                        """)
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "liquibase_slow", MIGRATION, seedAtChangesetOne(1));

        RunResult result = Fixtures.run(dataset, project, dir.resolve("out")).result();

        Step slow = result.steps().stream().filter(st -> st.key().equals("2->3")).findFirst().orElseThrow();
        assertThat(slow.durationSource()).isEqualTo(Step.FROM_MARKER);
        assertThat(slow.durationMs()).isGreaterThanOrEqualTo(1000).isLessThan(slow.processMs());
    }
}
