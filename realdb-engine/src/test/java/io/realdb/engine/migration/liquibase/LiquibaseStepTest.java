package io.realdb.engine.migration.liquibase;

import com.sun.net.httpserver.HttpServer;
import liquibase.Scope;
import liquibase.analytics.LiquibaseAnalyticsListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step's own process, run directly on the machine's MariaDB server (127.0.0.1:3306) and
 * outside the sandbox, so that a call home would be seen: Liquibase's analytics are pointed at a
 * server of the test's own on the loopback address.
 */
class LiquibaseStepTest {

    private static final String CHANGELOG = "changelog.xml";
    private static final String ROOT_URL = "jdbc:mariadb://127.0.0.1:3306/";

    @TempDir
    Path project;

    private String database;
    private HttpServer analytics;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        database = "realdb_lb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(ROOT_URL, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        analytics = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        analytics.createContext("/", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        analytics.start();
        Files.writeString(project.resolve(CHANGELOG), """
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                        xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
                    <changeSet id="1" author="alice">
                        <createTable tableName="t"><column name="id" type="int"/></createTable>
                    </changeSet>
                    <changeSet id="2" author="alice">
                        <sql>INSERT INTO t VALUES (1)</sql>
                    </changeSet>
                </databaseChangeLog>
                """);
    }

    @AfterEach
    void tearDown() throws Exception {
        analytics.stop(0);
        try (Connection connection = DriverManager.getConnection(ROOT_URL, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    private String endpoint() {
        return "http://127.0.0.1:" + analytics.getAddress().getPort() + "/analytics.yaml";
    }

    /** Runs the step as realdb does, with an environment that asks Liquibase for its analytics. */
    private Result step(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", io.realdb.engine.migration.JavaStepCommand.classPath(), LiquibaseStep.class.getName()));
        command.addAll(List.of(args));
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        // Both streams are read as they come, and the step has a time: neither can hold the test.
        io.realdb.engine.process.ProcessRunner.Outcome outcome = io.realdb.engine.process.ProcessRunner.run(command,
                project, Map.of(
                        "PATH", "/usr/bin:/bin",
                        "REALDB_JDBC_URL", ROOT_URL + database,
                        "REALDB_DB_USER", "root",
                        "REALDB_DB_PASSWORD", "",
                        "LIQUIBASE_ANALYTICS_ENABLED", "true",
                        "LIQUIBASE_ANALYTICS_CONFIG_ENDPOINT_URL", endpoint()),
                java.time.Duration.ofMinutes(2), (stderr, line) -> (stderr ? err : out).append(line).append('\n'));
        assertThat(outcome.timedOut()).isFalse();
        return new Result(outcome.exitCode(), out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {
    }

    @Test
    void shouldApplyOneChangesetWithoutCallingHome() throws Exception {
        // The control: Liquibase asked for analytics fetches its settings from the endpoint given.
        Scope.child(Map.of("liquibase.analytics.enabled", true, "liquibase.analytics.configEndpointUrl", endpoint()),
                () -> new LiquibaseAnalyticsListener().isEnabled());
        assertThat(calls).isNotEmpty();
        calls.clear();

        Result first = step(LiquibaseStep.UPDATE, CHANGELOG, CHANGELOG + "::1::alice");
        Result back = step(LiquibaseStep.ROLLBACK, CHANGELOG, CHANGELOG + "::1::alice");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("Running Changeset: changelog.xml::1::alice\n");
        // Liquibase's start-up and lock chatter stays quiet.
        assertThat(first.err()).matches("INFO: ChangeSet changelog.xml::1::alice ran successfully in \\d+ms\n");
        assertThat(back.exitCode()).as(back.err()).isZero();
        assertThat(back.out()).startsWith("Rolling Back Changeset: changelog.xml::1::alice\n");
        assertThat(first.out() + first.err() + back.out() + back.err()).doesNotContain("\u001b[");
        assertThat(calls).isEmpty();
    }

    @Test
    void shouldRefuseToRunAChangesetOtherThanTheNextOne() throws Exception {
        Result result = step(LiquibaseStep.UPDATE, CHANGELOG, CHANGELOG + "::2::alice");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).doesNotContain("Running Changeset");
        assertThat(result.err()).endsWith(LiquibaseStep.FAILED + "the next changeset Liquibase would run is "
                + "changelog.xml::1::alice, but realdb expected changelog.xml::2::alice\n");
    }

    @Test
    void shouldRefuseToRollBackAChangesetOtherThanTheLastOne() throws Exception {
        assertThat(step(LiquibaseStep.UPDATE, CHANGELOG, CHANGELOG + "::1::alice").exitCode()).isZero();
        assertThat(step(LiquibaseStep.UPDATE, CHANGELOG, CHANGELOG + "::2::alice").exitCode()).isZero();

        Result result = step(LiquibaseStep.ROLLBACK, CHANGELOG, CHANGELOG + "::1::alice");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).doesNotContain("Rolling Back Changeset");
        assertThat(result.err()).endsWith(LiquibaseStep.FAILED + "the last changeset run is changelog.xml::2::alice, "
                + "but realdb expected to roll back changelog.xml::1::alice\n");
    }

    @Test
    void shouldSayWhyAChangesetCannotBeRolledBack() throws Exception {
        assertThat(step(LiquibaseStep.UPDATE, CHANGELOG, CHANGELOG + "::1::alice").exitCode()).isZero();
        assertThat(step(LiquibaseStep.UPDATE, CHANGELOG, CHANGELOG + "::2::alice").exitCode()).isZero();

        Result result = step(LiquibaseStep.ROLLBACK, CHANGELOG, CHANGELOG + "::2::alice");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains(LiquibaseStep.FAILED).contains("changelog.xml::2::alice");
    }
}
