package io.realdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.review.VerdictRule;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** realdb plan: the steps of a run, for every tool, from the project's files and the seed alone. */
class PlanCommandTest {

    private static final PersonIdent AUTHOR = new PersonIdent("test", "test@example.invalid");

    @TempDir
    Path dir;

    /** A repository with the trunk's files on master and the change's on the branch change. */
    private Path project(Map<String, String> trunk, Map<String, String> change) throws Exception {
        Path repo = dir.resolve("project");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            write(repo, trunk);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("trunk").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
            git.checkout().setCreateBranch(true).setName("change").call();
            write(repo, change);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("change").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
        }
        return repo;
    }

    private static void write(Path root, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
    }

    private Path dataset(String migration, String seed) throws Exception {
        Path folder = dir.resolve("dataset");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("config.json"), "{\"database\": \"shop\", \"db_user\": \"u\", \"db_pass\": \"p\", "
                + "\"seed_data\": \"seed.sql\", \"migration\": " + migration + "}");
        Files.writeString(folder.resolve("seed.sql"), seed);
        return folder;
    }

    private static String alembicRevision(String id, String down, String extra) {
        return "revision = '" + id + "'\ndown_revision = " + down + "\n" + extra + "\n";
    }

    private CliRun plan(Path dataset, Path project, String... extra) {
        List<String> args = new ArrayList<>(List.of("plan", "--dataset", dataset.toString(), "--project",
                project.toString(), "--change", "change"));
        args.addAll(List.of(extra));
        return CliRun.realdb(args.toArray(String[]::new));
    }

    @Test
    void shouldPlanAlembicStepsInGraphOrderFromTheSeedsRevision() throws Exception {
        Path project = project(Map.of(
                        "db/versions/ff01_base.py", alembicRevision("ff01", "None", ""),
                        "db/versions/e/aa02_expand.py", alembicRevision("aa02", "'ff01'", "branch_labels = ('expand',)"),
                        "db/versions/c/0c03_contract.py", alembicRevision("0c03", "'ff01'",
                                "branch_labels = ('contract',)\ndepends_on = 'aa02'")),
                Map.of("db/versions/e/bb04_more.py", alembicRevision("bb04", "'aa02'", "")));
        Path dataset = dataset("{\"tool\": \"alembic\", \"versions\": \"db/versions\"}",
                "CREATE TABLE `alembic_version` (`version_num` varchar(32) NOT NULL);\n"
                        + "INSERT INTO `alembic_version` VALUES ('ff01');\n");

        CliRun run = plan(dataset, project);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("seed at ff01 (seed), expected final version 0c03,bb04");
        List<String> rows = run.out().lines().filter(l -> l.startsWith("upgrade") || l.startsWith("downgrade")).toList();
        assertThat(rows).containsExactly(
                "upgrade-trunk   ff01->aa02  alembic upgrade aa02",
                "upgrade-trunk   ff01->0c03  alembic upgrade 0c03",
                "upgrade-change  aa02->bb04  alembic upgrade bb04",
                "downgrade       0c03->ff01  alembic downgrade 0c03@-1",
                "downgrade       bb04->aa02  alembic downgrade aa02",
                "downgrade       aa02->ff01  alembic downgrade aa02@-1",
                "upgrade-again   ff01->aa02  alembic upgrade aa02",
                "upgrade-again   aa02->bb04  alembic upgrade bb04",
                "upgrade-again   ff01->0c03  alembic upgrade 0c03");
    }

    @Test
    void shouldPlanSqlDirAndSqlalchemyMigrateFromTheirVersionTablesAsJson() throws Exception {
        Path project = project(Map.of(
                        "migrations/0001_a.up.sql", "", "migrations/0001_a.down.sql", "",
                        "migrations/0002_b.up.sql", "", "migrations/0002_b.down.sql", "",
                        "repo/versions/001_a.py", "", "repo/versions/002_b.py", ""),
                Map.of("migrations/0003_c.up.sql", "", "migrations/0003_c.down.sql", "", "repo/versions/003_c.py", ""));

        CliRun sqlDir = plan(dataset("{\"tool\": \"sql-dir\"}",
                "INSERT INTO schema_migrations VALUES (1,0);\n"), project, "--json");
        assertThat(sqlDir.code()).as(sqlDir.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(sqlDir.out());
        assertThat(plan.get("seedVersion").asText()).isEqualTo("1");
        assertThat(plan.get("steps")).extracting(s -> s.get("phase").asText() + " " + s.get("from").asText() + "->"
                + s.get("to").asText()).containsExactly("upgrade-trunk 1->2", "upgrade-change 2->3",
                "downgrade 3->2", "downgrade 2->1", "upgrade-again 1->2", "upgrade-again 2->3");

        CliRun migrate = plan(dataset("{\"tool\": \"sqlalchemy-migrate\", \"repository\": \"repo\"}",
                "INSERT INTO `migrate_version` VALUES ('shop','repo',2);\n"), project);
        assertThat(migrate.code()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("seed at 2 (seed)")
                .containsPattern("upgrade-change +2->3 +python3 -c '.*migrate\\.versioning.*' upgrade repo 3")
                .containsPattern("downgrade +3->2 +python3 -c '.*' downgrade repo 2");
    }

    @Test
    void shouldSayWhenItCannotReadTheSeedsVersionAndTakeFrom() throws Exception {
        Path project = project(Map.of("v/1.sql", "", "v/2.sql", ""), Map.of("v/3.sql", ""));
        Path dataset = dataset("{\"tool\": \"command\", \"up\": \"tool up {to}\", \"down\": \"tool down {to}\", "
                + "\"versions\": {\"path\": \"v\", \"pattern\": \"^(\\\\d+)\\\\.sql$\"}, "
                + "\"current\": {\"query\": \"SELECT v FROM ver\"}}", "SELECT 1;\n");

        CliRun unknown = plan(dataset, project);
        assertThat(unknown.code()).as(unknown.err()).isZero();
        assertThat(unknown.out()).contains("seed at 0 (base)", "cannot read the seed's version", "--from VERSION");

        CliRun given = plan(dataset, project, "--from", "2");
        assertThat(given.out()).contains("seed at 2 (--from)").containsPattern("upgrade-change +2->3 +tool up 3")
                .containsPattern("downgrade +3->2 +tool down 2").doesNotContain("upgrade-trunk");
    }

    @Test
    void shouldGiveBadInputForASeedRevisionTheGraphDoesNotHave() throws Exception {
        Path project = project(Map.of("db/versions/ff01_base.py", alembicRevision("ff01", "None", "")),
                Map.of("db/versions/aa02_next.py", alembicRevision("aa02", "'ff01'", "")));
        Path dataset = dataset("{\"tool\": \"alembic\", \"versions\": \"db/versions\"}", "SELECT 1;\n");

        CliRun run = plan(dataset, project, "--from", "0bad0bad");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("0bad0bad");
    }

    @Test
    void shouldPlanFlywayVersionsInFlywaysOrderStoppingWhereNoUndoScriptIs() throws Exception {
        Path project = project(Map.of(
                        "db/migration/V1__init.sql", "SELECT 1;\n",
                        "db/migration/V1_2__a.sql", "SELECT 1;\n",
                        "db/migration/U1_2__a.sql", "SELECT 1;\n"),
                Map.of("db/migration/V1_10__b.sql", "SELECT 1;\n", "db/migration/U1_10__b.sql", "SELECT 1;\n"));
        Path dataset = dataset("{\"tool\": \"flyway\"}", "SELECT 1;\n");

        CliRun run = plan(dataset, project, "--from", "1");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> rows = run.out().lines().filter(l -> l.startsWith("upgrade") || l.startsWith("downgrade")).toList();
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0)).matches("upgrade-trunk +1->1\\.2 +.*java .*-cp \\{classpath} .*FlywayStep migrate .*--target 1\\.2.*");
        assertThat(rows.get(1)).matches("upgrade-change +1\\.2->1\\.10 +.*--target 1\\.10.*");
        assertThat(rows.get(2)).matches("downgrade +1\\.10->1\\.2 +.*FlywayStep undo .*--version 1\\.10.*");
        assertThat(rows.get(3)).matches("downgrade +1\\.2->1 +.*--version 1\\.2.*");
        assertThat(rows.subList(4, 6)).allMatch(r -> r.startsWith("upgrade-again"));
    }

    @Test
    void shouldPlanOneLiquibaseChangesetPerStepStoppingAboveOneWithoutRollback() throws Exception {
        String changelog = """
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                  <changeSet id="1" author="alice"><createTable tableName="t"><column name="id" type="int"/></createTable></changeSet>
                  <changeSet id="2" author="alice"><sql>UPDATE t SET id = id</sql></changeSet>
                  <changeSet id="3" author="alice"><addColumn tableName="t"><column name="y" type="int"/></addColumn></changeSet>
                %s</databaseChangeLog>
                """;
        Path project = project(Map.of("db/changelog.xml", changelog.formatted("")), Map.of("db/changelog.xml",
                changelog.formatted("  <changeSet id=\"4\" author=\"bob\"><addColumn tableName=\"t\">"
                        + "<column name=\"z\" type=\"int\"/></addColumn></changeSet>\n")));
        Path dataset = dataset("{\"tool\": \"liquibase\", \"changelog\": \"db/changelog.xml\"}", "SELECT 1;\n");

        CliRun run = plan(dataset, project, "--from", "1");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> keys = run.out().lines().filter(l -> l.startsWith("upgrade") || l.startsWith("downgrade"))
                .map(l -> l.split(" +")[0] + " " + l.split(" +")[1]).toList();
        assertThat(keys).containsExactly("upgrade-trunk 1->2", "upgrade-trunk 2->3", "upgrade-change 3->4",
                "downgrade 4->3", "downgrade 3->2", "upgrade-again 2->3", "upgrade-again 3->4");
        assertThat(run.out()).contains("LiquibaseStep update db/changelog.xml db/changelog.xml::4::bob",
                "note: Downgrade stops above 2: the migration tool cannot revert it");
    }
}
