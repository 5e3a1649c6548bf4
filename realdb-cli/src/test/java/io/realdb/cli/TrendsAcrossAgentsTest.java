package io.realdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.cli.demo.DemoWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three builds of one job, each on a fresh agent: realdb runs as its own process with a new, empty
 * home, as on a cloud VM or a Kubernetes pod that lives for one build. The third build's report
 * still charts all three runs of every step, from a shared history on the machine's PostgreSQL
 * (127.0.0.1:5432, trust authentication) or, as the Jenkins step does by default, from a history
 * rebuilt out of the earlier builds' archived result.json files.
 */
class TrendsAcrossAgentsTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String JOB_URL = "https://ci.example.org/job/nova-db/";
    private static final Pattern REPORT_DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"realdb-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    private final String database = "realdb_hist_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String password = "history-" + UUID.randomUUID();
    private DemoWorkspace demo;

    @BeforeEach
    void createDemoAndDatabase() throws SQLException {
        demo = DemoWorkspace.create(dir.resolve("demo"), 2_000);
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", null);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", null);
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** What one realdb process did. */
    private record Ran(int code, String output) {
    }

    /** realdb in a process of its own, on an "agent" whose realdb home is new and empty. */
    private Ran realdb(Path agent, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        assertThat(String.join(" ", command)).as("the command line").doesNotContain(password);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(agent).resolve("output-" + System.nanoTime()).toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("REALDB_"));
        builder.environment().put("REALDB_HOME", agent.resolve("home").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("realdb " + String.join(" ", args) + " ended").isTrue();
        String output = Files.readString(builder.redirectOutput().file().toPath());
        return new Ran(process.exitValue(), output);
    }

    /** realdb run of the demo for one build, on its own agent, recording in the given history. */
    private Ran build(int number, Path agent, String history, Map<String, String> environment) throws Exception {
        assertThat(agent.resolve("home")).doesNotExist();
        Ran run = realdb(agent, environment, "run", "--dataset", demo.dataset().toString(),
                "--project", demo.project().toString(), "--change", "change", "--out", agent.resolve("out").toString(),
                "-q", "--history", history, "--build-id", String.valueOf(number), "--build-url", JOB_URL + number + "/",
                // The machine's MariaDB: a private server would make its data directory anew in each new home.
                "--db-host", "127.0.0.1");
        assertThat(run.code()).as(run.output()).isEqualTo(0);
        return run;
    }

    /** The report's data: for each dataset, its runs on the trends and, for each step, how many runs ran it. */
    private static JsonNode reportData(Path report) throws IOException {
        Matcher data = REPORT_DATA.matcher(Files.readString(report));
        assertThat(data.find()).as("report.html holds its data").isTrue();
        return new ObjectMapper().readTree(data.group(1));
    }

    private static void assertThreeRunsOfEveryStep(Path report) throws IOException {
        JsonNode section = reportData(report).get("sections").get(0);
        List<String> builds = new ArrayList<>();
        section.get("runs").forEach(run -> builds.add(run.get("build").asText()));
        assertThat(builds).containsExactly("1", "2", "3");
        assertThat(section.get("runs").get(0).get("url").asText()).isEqualTo(JOB_URL + "1/");
        assertThat(section.get("steps")).isNotEmpty()
                .allSatisfy(step -> assertThat(step.get("runs").asInt()).as(step.get("key").asText()).isEqualTo(3));
        assertThat(Files.readString(report)).contains("the last 3 runs of demo on mariadb, this one included");
    }

    @Test
    void shouldChartEveryEarlierBuildFromASharedHistoryWhoseUserAndPasswordAreInTheEnvironment() throws Exception {
        String history = SERVER + database;
        Map<String, String> credentials = Map.of("REALDB_HISTORY_USER", "postgres", "REALDB_HISTORY_PASSWORD", password);

        for (int number = 1; number <= 3; number++) {
            Ran run = build(number, dir.resolve("agent-" + number), history, credentials);

            assertThat(run.output()).contains("History: recorded as run " + number + " in " + history + " as postgres")
                    .doesNotContain(password);
        }

        assertThreeRunsOfEveryStep(dir.resolve("agent-3/out/report.html"));
        Ran listed = realdb(dir.resolve("agent-4"), credentials, "history", "list", "--history", history);
        assertThat(listed.output()).contains("demo", "mariadb", "3 runs");
        for (int number = 1; number <= 4; number++) {
            // What each run published, and everything it printed.
            try (Stream<Path> files = Files.list(dir.resolve("agent-" + number))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(password);
                }
            }
            if (number < 4) {
                try (Stream<Path> files = Files.list(dir.resolve("agent-" + number + "/out"))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        assertThat(Files.readString(file)).as(file.toString()).doesNotContain(password);
                    }
                }
            }
        }
    }

    @Test
    void shouldChartEveryEarlierBuildFromTheResultsThatTheBuildsArchived() throws Exception {
        Path artifacts = dir.resolve("jenkins/artifacts");

        for (int number = 1; number <= 3; number++) {
            Path agent = dir.resolve("agent-" + number);
            Path trend = agent.resolve("workspace@tmp/realdb-trend/demo");
            String history = "jdbc:h2:file:" + trend.resolve("history/realdb");
            // What the step does before the run: the earlier builds' archived result.json, one folder per build...
            for (int earlier = 1; earlier < number; earlier++) {
                Path copy = Files.createDirectories(trend.resolve("builds/" + earlier));
                Files.copy(artifacts.resolve(earlier + "/realdb-out/demo/result.json"), copy.resolve("result.json"));
            }
            if (number > 1) {
                // ...imported into a new history, each run with its build.
                Ran imported = realdb(agent, Map.of(), "history", "import", "--history", history, "--build-id", "{dir}",
                        "--build-url", JOB_URL + "{dir}/", trend.resolve("builds").toString());
                assertThat(imported.code()).as(imported.output()).isZero();
                assertThat(imported.output()).contains((number - 1) + " imported, 0 already in");
            }

            build(number, agent, history, Map.of());

            Path archived = Files.createDirectories(artifacts.resolve(number + "/realdb-out/demo"));
            Files.copy(agent.resolve("out/result.json"), archived.resolve("result.json"), StandardCopyOption.REPLACE_EXISTING);
        }

        assertThreeRunsOfEveryStep(dir.resolve("agent-3/out/report.html"));
    }
}
