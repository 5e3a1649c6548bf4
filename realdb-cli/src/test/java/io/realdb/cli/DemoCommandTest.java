package io.realdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.cli.demo.DemoHistory;
import io.realdb.cli.demo.DemoWorkspace;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.review.VerdictRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.realdb.cli.CliRun.realdb;
import static org.assertj.core.api.Assertions.assertThat;

/** realdb demo: the whole job on the bundled sample, published with a sample history of its own. */
class DemoCommandTest {

    @TempDir
    Path dir;

    /** Every file of the user's history (realdb's home, as the tests set it) with its size and time. */
    private static Map<String, String> usersHistory() throws IOException {
        Path history = HistoryLocation.home(System::getenv).resolve("history");
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(history)) {
            try (Stream<Path> paths = Files.walk(history)) {
                for (Path file : paths.filter(Files::isRegularFile).toList()) {
                    files.put(history.relativize(file).toString(),
                            Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
                }
            }
        }
        return files;
    }

    private static JsonNode data(String report) throws IOException {
        Matcher m = Pattern.compile("id=\"realdb-data\">(.*?)</script>", Pattern.DOTALL).matcher(report);
        assertThat(m.find()).isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    private static JsonNode step(JsonNode result, String phase, String from, String to) {
        for (JsonNode step : result.get("steps")) {
            if (step.get("phase").asText().equals(phase) && step.get("from").asText().equals(from)
                    && step.get("to").asText().equals(to)) {
                return step;
            }
        }
        throw new AssertionError("no step " + phase + " " + from + "->" + to + " in " + result.get("steps"));
    }

    @Test
    void shouldRunTheDemoFromNothingAndPublishItsPageOverASampleHistoryOfItsOwn() throws IOException {
        Path out = dir.resolve("demo-out");
        Map<String, String> before = usersHistory();

        CliRun run = realdb("demo", "--out", out.toString(), "-q");

        assertThat(run.code()).as(run.err()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(run.out()).contains("3 -> 4", "upgrade-change", "too-many-rows-changed", "Verdict: demo FAIL",
                "The demonstration ran");
        JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
        assertThat(result.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(result.get("steps")).hasSize(15);
        JsonNode rewrite = step(result, "upgrade-change", "3", "4");
        assertThat(rewrite.get("rowsUpdated").asLong()).isGreaterThanOrEqualTo(DemoWorkspace.INSTANCES);
        assertThat(out.resolve("realdb.log")).exists();

        // Copying the table blocks writes for longer than the demo allows; adding a column instantly blocks nothing.
        JsonNode copy = step(result, "upgrade-change", "5", "6");
        long writeLimit = copy.at("/limits/writeBlockedMs/value").asLong();
        assertThat(writeLimit).isPositive();
        assertThat(copy.at("/impact/writeBlockedMs").asLong()).as(copy.toString()).isGreaterThan(writeLimit);
        assertThat(copy.at("/impact/rewrites")).extracting(JsonNode::asText).containsExactly("instances");
        assertThat(result.get("findings")).anySatisfy(finding -> {
            assertThat(finding.get("kind").asText()).isEqualTo("writes-blocked");
            assertThat(finding.get("severity").asText()).isEqualTo("warning");
            assertThat(finding.get("message").asText()).startsWith("Migration 5->6 blocked writes to instances for ")
                    .endsWith(" (limit 0.5 s)");
        });
        JsonNode instant = step(result, "upgrade-change", "6", "7");
        assertThat(instant.get("impact")).as(instant.toString()).isNotNull();
        assertThat(instant.at("/impact/writeBlockedMs").asLong()).as(instant.toString()).isZero();
        assertThat(instant.at("/impact/readBlockedMs").asLong()).as(instant.toString()).isZero();
        assertThat(instant.at("/impact/rewrites")).isEmpty();
        assertThat(result.get("findings")).noneSatisfy(finding ->
                assertThat(finding.get("message").asText()).startsWith("Migration 6->7"));

        // The three files, and where they are.
        Path absolute = out.toAbsolutePath().normalize();
        for (String file : new String[] {"report.html", "junit.xml", "review-message.txt"}) {
            assertThat(out.resolve(file)).isRegularFile();
        }
        assertThat(run.out()).contains("Report: " + out.resolve("report.html"), "JUnit:  " + out.resolve("junit.xml"),
                "Review: " + out.resolve("review-message.txt"), "Open " + out.resolve("report.html"));
        assertThat(Files.readString(out.resolve("review-message.txt")))
                .startsWith("real-db-upgrade demo FAILURE - Migration 3->4 changed too many rows")
                .contains("during upgrade-change");
        assertThat(Files.readString(out.resolve("junit.xml"))).contains("name=\"upgrade-change 3-&gt;4\"");

        // Its history is its own, in its folder, and holds the sample runs, labelled as such.
        assertThat(run.out()).contains("Sample: " + DemoHistory.RUNS + " earlier runs of demo, generated by realdb demo",
                "History: recorded as run " + (DemoHistory.RUNS + 1) + " in jdbc:h2:file:" + absolute.resolve("history/realdb"));
        assertThat(absolute.resolve("history/realdb.mv.db")).isRegularFile();
        String report = Files.readString(out.resolve("report.html"));
        assertThat(report).contains("sample history: generated by realdb demo",
                "the last " + (DemoHistory.RUNS + 1) + " runs of demo on mariadb, this one included · sample history: "
                        + DemoHistory.RUNS + " runs generated by realdb demo, not measured");
        JsonNode runs = data(report).get("sections").get(0).get("runs");
        assertThat(runs).hasSize(DemoHistory.RUNS + 1);
        assertThat(runs).filteredOn(r -> r.path("sample").asBoolean()).hasSize(DemoHistory.RUNS);
        assertThat(runs.get(DemoHistory.RUNS).get("thisRun").asBoolean()).isTrue();
        // The copy's trend has its blocked time in every run, the samples' from the history.
        JsonNode copyTrend = null;
        for (JsonNode trend : data(report).get("sections").get(0).get("steps")) {
            copyTrend = trend.get("key").asText().equals("5->6") ? trend : copyTrend;
        }
        assertThat(copyTrend).isNotNull();
        JsonNode option = copyTrend.get("option");
        assertThat(option.get("grid")).as("duration, rows read, rows changed, blocked").hasSize(4);
        int writeBlocked = -1;
        JsonNode dimensions = option.at("/dataset/0/dimensions");
        for (int i = 0; i < dimensions.size(); i++) {
            writeBlocked = dimensions.get(i).asText().equals("writeBlocked") ? i : writeBlocked;
        }
        int column = writeBlocked;
        assertThat(column).isNotNegative();
        assertThat(option.at("/dataset/0/source")).hasSize(DemoHistory.RUNS + 1)
                .allSatisfy(row -> assertThat(row.get(column).asDouble()).as(row.toString()).isPositive());
        assertThat(Files.readString(out.resolve("junit.xml")))
                .contains("<system-out>impact: writes blocked ", "rewrote instances");
        assertThat(run.out()).contains("writes blocked  reads blocked", "Impact: longest block");

        // The user's own history is untouched.
        assertThat(usersHistory()).isEqualTo(before);
    }

    @Test
    void shouldLayOutTheDemoInputsWithoutRunningThem() {
        Path out = dir.resolve("demo-inputs");

        CliRun run = realdb("demo", "--inputs-only", "--out", out.toString());

        assertThat(run.code()).as(run.err()).isEqualTo(VerdictRule.EXIT_PASS);
        assertThat(run.out()).contains("Run:     realdb run --dataset " + out.resolve("inputs/dataset").toAbsolutePath());
        assertThat(out.resolve("inputs/dataset/config.json")).exists();
        assertThat(out.resolve("inputs/project/.git")).isDirectory();
        assertThat(out.resolve("result.json")).doesNotExist();
        assertThat(out.resolve("history")).doesNotExist();
    }
}
