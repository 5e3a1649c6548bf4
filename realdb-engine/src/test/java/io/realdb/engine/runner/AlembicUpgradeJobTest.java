package io.realdb.engine.runner;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Alembic projects made in the test, run by Debian's real Alembic on a private MariaDB server:
 * revision graphs that sorting by name gets wrong, merges, labelled branches with dependencies.
 */
class AlembicUpgradeJobTest {

    @TempDir
    Path dir;

    /** An Alembic project: alembic.ini, env.py reading the URL realdb gives, and revision files. */
    private static Fixtures.Project alembicProject(String... versionFolders) {
        StringBuilder locations = new StringBuilder("%(here)s/db/versions");
        for (String folder : versionFolders) {
            locations.append(":%(here)s/db/versions/").append(folder);
        }
        return new Fixtures.Project()
                .trunk("alembic.ini", """
                        [alembic]
                        script_location = db
                        version_locations = %s
                        version_path_separator = os

                        [loggers]
                        keys = root,alembic

                        [handlers]
                        keys = console

                        [formatters]
                        keys = generic

                        [logger_root]
                        level = WARN
                        handlers = console

                        [logger_alembic]
                        level = INFO
                        handlers =
                        qualname = alembic

                        [handler_console]
                        class = StreamHandler
                        args = (sys.stderr,)
                        level = NOTSET
                        formatter = generic

                        [formatter_generic]
                        format = %%(levelname)-5.5s [%%(name)s] %%(message)s
                        """.formatted(locations))
                .trunk("db/env.py", """
                        import os
                        from logging.config import fileConfig
                        from alembic import context
                        from sqlalchemy import create_engine, pool

                        if context.config.config_file_name:
                            fileConfig(context.config.config_file_name)
                        engine = create_engine(os.environ["REALDB_SQLALCHEMY_URL"], poolclass=pool.NullPool)
                        with engine.connect() as connection:
                            context.configure(connection=connection)
                            with context.begin_transaction():
                                context.run_migrations()
                        """)
                .trunk("db/versions/__init__.py", "");
    }

    /** A revision file in the shape Alembic's template writes, with SQL for each direction. */
    private static String revision(String id, String downRevision, String extra, String upSql, String downSql) {
        return """
                \"""%s

                Revision ID: %s
                Revises: %s
                \"""
                from alembic import op

                revision = '%s'
                down_revision = %s
                %s

                def upgrade():
                    op.execute("%s")


                def downgrade():
                    op.execute("%s")
                """.formatted(id, id, downRevision, id, downRevision, extra, upSql, downSql);
    }

    /** The same with a type-annotated header, as newer templates write it. */
    private static String annotatedRevision(String id, String downRevision, String upSql, String downSql) {
        return """
                from typing import Sequence, Union
                from alembic import op

                revision: str = "%s"
                down_revision: Union[str, Sequence[str], None] = %s
                branch_labels: Union[str, Sequence[str], None] = None
                depends_on: Union[str, Sequence[str], None] = None


                def upgrade() -> None:
                    op.execute("%s")


                def downgrade() -> None:
                    op.execute("%s")
                """.formatted(id, downRevision, upSql, downSql);
    }

    private static String seedAt(String revision, int rows) {
        StringBuilder seed = new StringBuilder()
                .append("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);\n")
                .append("INSERT INTO alembic_version VALUES ('").append(revision).append("');\n")
                .append("CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL) ENGINE=InnoDB;\n");
        for (int i = 1; i <= rows; i++) {
            seed.append(i == 1 ? "INSERT INTO t VALUES " : ",").append('(').append(i).append(",0)");
        }
        return seed.append(";\n").toString();
    }

    private RunResult run(Path project, Dataset dataset) throws Exception {
        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        assertThat(outcome.result().findings()).as(Files.readString(outcome.log())).isEmpty();
        return outcome.result();
    }

    @Test
    void shouldStepHexRevisionsInGraphOrderOneAtATimeWhereSortingByNameIsWrong() throws Exception {
        // Graph order f3.. -> 0b.. -> a9.. -> 5c..; by name it would be 0b, 5c, a9, f3.
        Path project = alembicProject()
                .trunk("db/versions/f3a1c0de0001_create.py", revision("f3a1c0de0001", "None", "", "SELECT 1", "SELECT 1"))
                .trunk("db/versions/0b7e2f000002_add_y.py", annotatedRevision("0b7e2f000002", "'f3a1c0de0001'",
                        "ALTER TABLE t ADD COLUMN y INT NULL", "ALTER TABLE t DROP COLUMN y"))
                .trunk("db/versions/a9d43b000003_index.py", revision("a9d43b000003", "\"0b7e2f000002\"", "",
                        "CREATE INDEX t_x ON t (x)", "DROP INDEX t_x ON t"))
                .change("db/versions/5c2e1d000004_bump.py", revision("5c2e1d000004", "'a9d43b000003'", "",
                        "UPDATE t SET x = x + 1", "UPDATE t SET x = x - 1"))
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "alembic_linear",
                "\"migration\": {\"tool\": \"alembic\", \"versions\": \"db/versions\"}", seedAt("f3a1c0de0001", 75));

        RunResult result = run(project, dataset);

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).containsExactly("f3a1c0de0001->0b7e2f000002",
                "0b7e2f000002->a9d43b000003");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly("a9d43b000003->5c2e1d000004");
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("5c2e1d000004->a9d43b000003",
                "a9d43b000003->0b7e2f000002", "0b7e2f000002->f3a1c0de0001");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).containsExactly("f3a1c0de0001->0b7e2f000002",
                "0b7e2f000002->a9d43b000003", "a9d43b000003->5c2e1d000004");
        Step bump = result.steps().get(2);
        // The 75 rows of t, and Alembic's own row in alembic_version.
        assertThat(bump.rowsUpdated()).isEqualTo(76);
        assertThat(bump.durationSource()).isEqualTo(Step.FROM_MARKER);
        assertThat(bump.processMs()).isGreaterThanOrEqualTo(bump.durationMs());
        assertThat(result.steps().get(3).rowsUpdated()).isEqualTo(76);
        assertThat(result.finalVersion()).isEqualTo("5c2e1d000004");
        assertThat(result.expectedFinalVersion()).isEqualTo("5c2e1d000004");
    }

    @Test
    void shouldStepIntoAndOutOfAMergeRevision() throws Exception {
        Path project = alembicProject()
                .trunk("db/versions/aaaa00000001_base.py", revision("aaaa00000001", "None", "", "SELECT 1", "SELECT 1"))
                .change("db/versions/cccc00000002_left.py", revision("cccc00000002", "'aaaa00000001'", "",
                        "CREATE TABLE l (id INT)", "DROP TABLE l"))
                .change("db/versions/bbbb00000003_right.py", revision("bbbb00000003", "'aaaa00000001'", "",
                        "CREATE TABLE r (id INT)", "DROP TABLE r"))
                .change("db/versions/0ddd00000004_merge.py", revision("0ddd00000004",
                        "('cccc00000002', 'bbbb00000003')", "", "SELECT 1", "SELECT 1"))
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "alembic_merge",
                "\"migration\": {\"tool\": \"alembic\", \"versions\": \"db/versions\"}", seedAt("aaaa00000001", 3));

        RunResult result = run(project, dataset);

        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).isEmpty();
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly("aaaa00000001->cccc00000002",
                "aaaa00000001->bbbb00000003", "cccc00000002+bbbb00000003->0ddd00000004");
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly("0ddd00000004->cccc00000002+bbbb00000003",
                "bbbb00000003->aaaa00000001", "cccc00000002->aaaa00000001");
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).hasSize(3);
        assertThat(result.finalVersion()).isEqualTo("0ddd00000004");
    }

    @Test
    void shouldRevertAMergeWhoseParentIsAlsoABranchPointOneRevisionAtATime() throws Exception {
        // a; b(a); c(a); d(b); m(b, c): downgrading to b would take d with it, so the merge goes down to c.
        Path project = alembicProject()
                .trunk("db/versions/aaaa00000001_a.py", revision("aaaa00000001", "None", "", "SELECT 1", "SELECT 1"))
                .change("db/versions/bbbb00000002_b.py", revision("bbbb00000002", "'aaaa00000001'", "",
                        "CREATE TABLE b (id INT)", "DROP TABLE b"))
                .change("db/versions/cccc00000003_c.py", revision("cccc00000003", "'aaaa00000001'", "",
                        "CREATE TABLE c (id INT)", "DROP TABLE c"))
                .change("db/versions/dddd00000004_d.py", revision("dddd00000004", "'bbbb00000002'", "",
                        "CREATE TABLE d (id INT)", "DROP TABLE d"))
                .change("db/versions/eeee00000005_m.py", revision("eeee00000005", "('bbbb00000002', 'cccc00000003')",
                        "", "SELECT 1", "SELECT 1"))
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "alembic_merge_fork",
                "\"migration\": {\"tool\": \"alembic\", \"versions\": \"db/versions\"}", seedAt("aaaa00000001", 1));

        RunOutcome outcome = Fixtures.run(dataset, project, dir.resolve("out"));
        RunResult result = outcome.result();

        assertThat(result.findings()).as(Files.readString(outcome.log())).isEmpty();
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).hasSize(4);
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).hasSize(4);
        // Each step ran exactly one revision: Alembic's own line names that step's revision, once.
        List<String> lines = Files.readAllLines(outcome.log());
        int running = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("[output] ") && lines.get(i).endsWith("...")) {
                String step = lines.get(i).substring(lines.get(i).indexOf("[output] ") + 9, lines.get(i).length() - 3);
                String revision = result.steps().get(running).direction() == io.realdb.engine.model.Direction.UP
                        ? step.substring(step.indexOf(" -> ") + 4) : step.substring(0, step.indexOf(" -> "));
                long markers = lines.stream().skip(i + 1).takeWhile(l -> !l.contains("[output] done")
                                && !l.contains(" failed: "))
                        .filter(l -> l.contains("Running upgrade") || l.contains("Running downgrade")).count();
                long own = lines.stream().skip(i + 1).takeWhile(l -> !l.contains("[output] done"))
                        .filter(l -> (l.contains("Running upgrade") && l.contains("-> " + revision))
                                || (l.contains("Running downgrade " + revision))).count();
                assertThat(markers).as("Alembic's lines in step " + step).isEqualTo(1);
                assertThat(own).as("step " + step + " ran its own revision").isEqualTo(1);
                running++;
            }
        }
        assertThat(running).isEqualTo(result.steps().size());
        assertThat(result.finalVersion()).isEqualTo("dddd00000004,eeee00000005");
    }

    @Test
    void shouldRunEveryExpandRevisionBeforeAnyContractOneInReleaseSubfolders() throws Exception {
        String root = "0f0000000000";
        String e1 = "e10000000001";
        String e2 = "e20000000002";
        String e3 = "e30000000003";
        String c1 = "c10000000001";
        String c2 = "c20000000002";
        Path project = alembicProject("release1/expand", "release1/contract", "release2/expand", "release2/contract")
                .trunk("db/versions/" + root + "_initial.py", revision(root, "None", "", "SELECT 1", "SELECT 1"))
                .trunk("db/versions/release1/expand/" + e1 + "_add_y.py", revision(e1, "'" + root + "'",
                        "branch_labels = ('expand',)", "ALTER TABLE t ADD COLUMN y INT NULL", "ALTER TABLE t DROP COLUMN y"))
                .trunk("db/versions/release1/expand/" + e2 + "_add_z.py", revision(e2, "'" + e1 + "'", "",
                        "ALTER TABLE t ADD COLUMN z INT NULL", "ALTER TABLE t DROP COLUMN z"))
                .trunk("db/versions/release1/contract/" + c1 + "_fill_y.py", revision(c1, "'" + root + "'",
                        "branch_labels = ('contract',)\ndepends_on = '" + e1 + "'",
                        "UPDATE t SET y = x", "UPDATE t SET y = NULL"))
                .change("db/versions/release2/expand/" + e3 + "_add_w.py", revision(e3, "'" + e2 + "'", "",
                        "ALTER TABLE t ADD COLUMN w INT NULL", "ALTER TABLE t DROP COLUMN w"))
                .change("db/versions/release2/contract/" + c2 + "_fill_w.py", revision(c2, "'" + c1 + "'",
                        "depends_on = ('" + e3 + "',)", "UPDATE t SET w = y", "UPDATE t SET w = NULL"))
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "alembic_branches",
                "\"migration\": {\"tool\": \"alembic\", \"versions\": \"db/versions\"}", seedAt(root, 20));

        RunResult result = run(project, dataset);

        assertThat(Fixtures.keys(result, Phase.UPGRADE_TRUNK)).containsExactly(root + "->" + e1, e1 + "->" + e2, root + "->" + c1);
        assertThat(Fixtures.keys(result, Phase.UPGRADE_CHANGE)).containsExactly(e2 + "->" + e3, c1 + "->" + c2);
        assertThat(Fixtures.keys(result, Phase.DOWNGRADE)).containsExactly(c2 + "->" + c1, c1 + "->" + root, e3 + "->" + e2,
                e2 + "->" + e1, e1 + "->" + root);
        assertThat(Fixtures.keys(result, Phase.UPGRADE_AGAIN)).containsExactly(root + "->" + e1, e1 + "->" + e2,
                e2 + "->" + e3, root + "->" + c1, c1 + "->" + c2);
        assertThat(result.steps()).filteredOn(s -> s.key().equals(c1 + "->" + c2))
                .allSatisfy(s -> assertThat(s.rowsUpdated()).isEqualTo(20 + 1));
        // c2 depends on e3, so c2 alone names the state: Alembic keeps no row for a head a dependency implies.
        assertThat(result.finalVersion()).isEqualTo(c2);
        assertThat(result.expectedFinalVersion()).isEqualTo(c2);
    }

    @Test
    void shouldRefuseADatabaseAtARevisionTheGraphDoesNotHave() throws Exception {
        Path project = alembicProject()
                .trunk("db/versions/aaaa00000001_base.py", revision("aaaa00000001", "None", "", "SELECT 1", "SELECT 1"))
                .change("db/versions/bbbb00000002_next.py", revision("bbbb00000002", "'aaaa00000001'", "", "SELECT 1",
                        "SELECT 1"))
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "alembic_unknown",
                "\"migration\": {\"tool\": \"alembic\", \"versions\": \"db/versions\"}", seedAt("deadbeef0042", 1));

        assertThatThrownBy(() -> run(project, dataset))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("deadbeef0042");
    }

    @Test
    void shouldTimeTheMigrationFromAlembicsOwnLineNotFromTheWrappersStart() throws Exception {
        Path project = alembicProject()
                .trunk("tools/db-sync.sh", "#!/bin/sh\n# The project's own wrapper: slow to start, as a Python service is.\n"
                        + "sleep 3\nexec alembic \"$@\"\n")
                .trunk("db/versions/aaaa00000001_base.py", revision("aaaa00000001", "None", "", "SELECT 1", "SELECT 1"))
                .change("db/versions/bbbb00000002_slow.py", revision("bbbb00000002", "'aaaa00000001'", "",
                        "SELECT SLEEP(1)", "SELECT 1"))
                .create(dir.resolve("project"));
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "alembic_wrapper", """
                "migration": {"tool": "alembic", "versions": "db/versions",
                  "up": "./tools/db-sync.sh upgrade {to}", "down": "./tools/db-sync.sh downgrade {to}"},
                "downgrade_to": "none"
                """, seedAt("aaaa00000001", 1));

        RunResult result = run(project, dataset);

        Step slow = result.steps().get(0);
        assertThat(slow.key()).isEqualTo("aaaa00000001->bbbb00000002");
        assertThat(slow.durationSource()).isEqualTo(Step.FROM_MARKER);
        assertThat(slow.processMs()).isGreaterThan(4000);
        assertThat(slow.durationMs()).isGreaterThanOrEqualTo(1000).isLessThan(slow.processMs() - 2500);
    }
}
