package io.realdb.engine.migration.flyway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.SqlScript;
import io.realdb.engine.db.SqlStatement;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationTools;
import io.realdb.engine.model.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flyway tool's settings, history and dump reading; its steps are in {@link FlywayUpgradeJobTest}. */
class FlywayToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WHERE = "dataset config 'config.json'";

    @TempDir
    Path dir;

    private static MigrationTool tool(String settings) throws IOException {
        return MigrationTools.create(JSON.readTree(settings), WHERE);
    }

    private void write(String file, String text) throws IOException {
        Path path = dir.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    @Test
    void shouldBeRegisteredWithFlywaysDefaults() throws IOException {
        write("db/migration/V1__a.sql", "SELECT 1;\n");

        MigrationTool tool = tool("{\"tool\": \"flyway\"}");

        assertThat(tool.id()).isEqualTo("flyway");
        assertThat(tool.history(dir).migrations()).extracting(Migration::version).containsExactly("1");
        assertThat(tool.describe(tool.history(dir).migrations().get(0), Direction.UP, "db"))
                .contains("io.realdb.engine.migration.flyway.FlywayStep migrate --table flyway_schema_history "
                        + "--target 1 --location db/migration");
        assertThat(MigrationTools.ids()).contains("flyway");
    }

    @Test
    void shouldMakeALineOfVersionsFromEmptyReversibleWhereAnUndoScriptIs() throws IOException {
        write("sql/V1__a.sql", "SELECT 1;\n");
        write("sql/V1_2__b.sql", "SELECT 1;\n");
        write("sql/U1_2__b.sql", "SELECT 1;\n");
        write("sql/V1_10__c.sql", "SELECT 1;\n");
        write("sql/U1_10__c.sql", "SELECT 1;\n");

        MigrationHistory history = tool("{\"tool\": \"flyway\", \"locations\": \"filesystem:sql\"}").history(dir);

        assertThat(history.base()).isEqualTo("empty");
        assertThat(history.head()).isEqualTo("1.10");
        assertThat(history.migrations()).containsExactly(
                new Migration("1", "empty", "1", null),
                new Migration("1.2", "1", "1.2", "1"),
                new Migration("1.10", "1.2", "1.10", "1.2"));
        assertThat(history.migrations()).extracting(m -> m.key(Direction.UP)).containsExactly("empty->1", "1->1.2", "1.2->1.10");
        assertThat(history.toRevert("1.10", "empty", "change")).extracting(m -> m.key(Direction.DOWN))
                .containsExactly("1.10->1.2", "1.2->1", "1->empty");
        assertThat(tool("{\"tool\": \"flyway\", \"locations\": [\"sql\"], \"undo\": false}").history(dir).migrations())
                .noneMatch(Migration::reversible);
    }

    @Test
    void shouldDescribeAnUndoAndSayWhenThereIsNone() throws IOException {
        MigrationTool tool = tool("{\"tool\": \"flyway\", \"table\": \"schema_history\", \"locations\": [\"a\", \"b c\"]}");

        assertThat(tool.describe(new Migration("1.10", "1.2", "1.10", "1.2"), Direction.DOWN, "db"))
                .endsWith("FlywayStep undo --table schema_history --version 1.10 --location a --location 'b c'")
                .contains(" -cp ");
        assertThat(tool.describe(new Migration("1.10", "1.2", "1.10", null), Direction.DOWN, "db"))
                .isEqualTo("(version 1.10 has no undo script U1.10__*.sql: Flyway cannot revert it)");
        assertThat(tool.canDowngrade()).isTrue();
    }

    @Test
    void shouldRefuseBadSettingsNamingTheField() {
        assertBad("{\"tool\": \"flyway\", \"locations\": 7}", "field migration.locations must be a folder of the project");
        assertBad("{\"tool\": \"flyway\", \"locations\": []}", "field migration.locations is empty");
        assertBad("{\"tool\": \"flyway\", \"locations\": [\"db\", \"\"]}", "field migration.locations must be a folder");
        assertBad("{\"tool\": \"flyway\", \"locations\": \"classpath:db/migration\"}",
                "field migration.locations = 'classpath:db/migration': only folders of the project can be read");
        assertBad("{\"tool\": \"flyway\", \"locations\": \"/etc\"}", "field migration.locations = '/etc' must be a folder inside");
        assertBad("{\"tool\": \"flyway\", \"locations\": \"db/../../up\"}", "must be a folder inside the project");
        assertBad("{\"tool\": \"flyway\", \"locations\": \"db/**/sql\"}", "wildcards are not supported");
        assertBad("{\"tool\": \"flyway\", \"table\": \"history; DROP TABLE t\"}",
                "field migration.table = 'history; DROP TABLE t' is not a table name");
        assertBad("{\"tool\": \"flyway\", \"table\": 3}", "field migration.table must be a table name");
        assertBad("{\"tool\": \"flyway\", \"undo\": \"yes\"}", "field migration.undo must be true or false");
        assertBad("{\"tool\": \"flyway\", \"baselineVersion\": \"5\"}",
                "field migration.baselineVersion is not a setting of the flyway tool");
    }

    private static void assertBad(String settings, String message) {
        assertThatThrownBy(() -> tool(settings))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(WHERE + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void shouldReadTheSeedsVersionFromItsDump() throws IOException {
        MigrationTool tool = tool("{\"tool\": \"flyway\"}");
        Path dump = dir.resolve("seed.sql");
        Files.writeString(dump, resource("history-at-1.sql"));
        Path gzipped = dir.resolve("seed.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(Files.readAllBytes(dump));
        }

        assertThat(tool.seedVersion(dump)).contains("1");
        assertThat(tool.seedVersion(gzipped)).contains("1");
    }

    @Test
    void shouldTakeTheLatestSucceededVersionFromADumpAndNothingElse() throws IOException {
        MigrationTool tool = tool("{\"tool\": \"flyway\"}");
        Path dump = dir.resolve("seed.sql");
        Files.writeString(dump, """
                CREATE TABLE `flyway_schema_history` (`installed_rank` int(11) NOT NULL);
                INSERT INTO `flyway_schema_history` VALUES (1,'1','a','SQL','V1__a.sql',1,'x','2026-01-01 00:00:00',3,1),
                (2,'1.2','it''s \\\\ (b)','SQL','V1_2__b.sql',-2,'x','2026-01-01 00:00:00',3,1);
                INSERT INTO `flyway_schema_history` VALUES (3,NULL,'views','SQL','R__views.sql',5,'x','2026-01-01 00:00:00',3,1),(4,'1.10','c','SQL','V1_10__c.sql',6,'x','2026-01-01 00:00:00',3,0);
                CREATE TABLE t (id INT);
                INSERT INTO `flyway_schema_history` VALUES (9,'7','late','SQL','V7__late.sql',6,'x','2026-01-01 00:00:00',3,1);
                """);
        Path columns = dir.resolve("columns.sql");
        Files.writeString(columns, "INSERT INTO flyway_schema_history (`success`, `version`, `installed_rank`) VALUES (1, '2', 1), (1, '3', 2);\n");
        Path empty = dir.resolve("empty.sql");
        Files.writeString(empty, "CREATE TABLE `flyway_schema_history` (`installed_rank` int(11) NOT NULL);\n");
        Path none = dir.resolve("none.sql");
        Files.writeString(none, "CREATE TABLE t (id INT);\n");

        // Reading stops after the table's rows: a dump has them in one place.
        assertThat(tool.seedVersion(dump)).contains("1.2");
        assertThat(tool.seedVersion(columns)).contains("3");
        assertThat(tool.seedVersion(empty)).contains("empty");
        assertThat(tool.seedVersion(none)).isEmpty();
    }

    @Test
    void shouldNotTakeAFailedOrRepeatableRowForTheDatabasesVersion() throws Exception {
        String database = "realdb_fw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
            try {
                statement.execute("USE " + database);
                HistoryTable table = new HistoryTable("flyway_schema_history");
                assertThatThrownBy(() -> table.current(connection))
                        .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(HistoryTable.NO_SUCH_TABLE));
                assertThat(table.othersExist(connection, database)).isFalse();
                try (SqlScript dump = new SqlScript(new ByteArrayInputStream(
                        resource("history-at-1.sql").getBytes(StandardCharsets.UTF_8)), "history-at-1.sql")) {
                    for (SqlStatement sql = dump.next(); sql != null; sql = dump.next()) {
                        statement.execute(sql.sql());
                    }
                }
                statement.execute("INSERT INTO flyway_schema_history VALUES "
                        + "(2,'1.2','b','SQL','V1_2__b.sql',1,'x',NOW(),3,1),"
                        + "(3,NULL,'views','SQL','R__views.sql',1,'x',NOW(),3,1),"
                        + "(4,'1.10','c','SQL','V1_10__c.sql',1,'x',NOW(),3,0)");

                assertThat(table.current(connection)).get().isEqualTo(new HistoryTable.Row(2, "1.2"));
                assertThat(table.othersExist(connection, database)).isFalse();
                statement.execute("CREATE TABLE t (id INT)");
                assertThat(table.othersExist(connection, database)).isTrue();
                table.delete(connection, table.current(connection).orElseThrow());
                assertThat(table.current(connection)).get().isEqualTo(new HistoryTable.Row(1, "1"));
            } finally {
                statement.execute("DROP DATABASE " + database);
            }
        }
    }

    static String resource(String name) throws IOException {
        try (var in = Objects.requireNonNull(FlywayToolTest.class.getResourceAsStream("/flyway/" + name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldRunEachStepWithRealdbsOwnJavaAndClassPathMadeAbsolute() throws IOException {
        FlywayTool tool = (FlywayTool) tool("{\"tool\": \"flyway\"}");

        List<String> command = tool.command(new Migration("2", "1", "2", null), Direction.UP);

        assertThat(command.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(command).containsSubsequence("-cp", io.realdb.engine.migration.JavaStepCommand.classPath(), FlywayStep.class.getName(), "migrate");
        assertThat(io.realdb.engine.migration.JavaStepCommand.classPath().split(File.pathSeparator)).allSatisfy(entry -> assertThat(Path.of(entry)).isAbsolute());
        assertThat(String.join(" ", command)).doesNotContainIgnoringCase("password");
    }

    @Test
    void shouldCheckBeforeTheRunThatTheStepsProcessReachesFlyway() throws IOException {
        MigrationTool tool = tool("{\"tool\": \"flyway\"}");
        Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin");

        tool.preflight(dir, environment);

        String classPath = System.getProperty("java.class.path");
        try {
            System.setProperty("java.class.path", dir.resolve("no-such.jar").toString());
            assertThatThrownBy(() -> tool.preflight(dir, environment))
                    .isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("the flyway tool cannot start its step process")
                    .hasMessageContaining("io.realdb.engine.migration.flyway.FlywayStep");
        } finally {
            System.setProperty("java.class.path", classPath);
        }
    }
}
