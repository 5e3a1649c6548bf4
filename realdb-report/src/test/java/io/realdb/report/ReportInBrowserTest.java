package io.realdb.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.model.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report as a reader sees it: opened in headless Chromium, offline, with the charts drawn.
 * Leaves report.html and a screenshot of it in target/browser for the build's artifacts.
 */
class ReportInBrowserTest {

    private static final Path OUT = Path.of("target/browser").toAbsolutePath();

    private static Path report;
    private static JsonNode data;
    private static Chromium chromium;

    @BeforeAll
    static void writeReport() throws IOException {
        Files.createDirectories(OUT);
        chromium = Chromium.find(OUT);
        Path home = Files.createTempDirectory(OUT, "home-");
        try (HistoryStore store = HistoryStores.open(HistoryLocation.embedded(home))) {
            new SampleHistory("nova_user_001", "mariadb", 12, 1.0).record(store, 60);
            new SampleHistory("nova_user_002", "mariadb", 12, 0.4).record(store, 40);
            new SampleHistory("nova_user_001", "postgresql", 12, 0.7).record(store, 30);
            RunResult slow = new SampleHistory("nova_user_001", "mariadb", 12, 1.0).run(999, 0, 11);
            new Publisher(store, Clock.fixed(SampleHistory.NOW, ZoneOffset.UTC)).publish(
                    Publisher.Request.of(List.of(slow), OUT)
                            .withLimits(Map.of("nova_user_001", SampleHistory.LIMITS))
                            .withBuild("1060", "https://ci.example.org/job/nova-db/1060/")
                            .withReview(ReviewMessage.DEFAULT_JOB, "https://ci.example.org/job/nova-db/1060/artifact/report.html"));
        }
        report = OUT.resolve("report.html");
        data = embeddedData(Files.readString(report, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void keepOnlyTheArtifacts() throws IOException {
        try (var files = Files.list(OUT)) {
            for (Path path : files.toList()) {
                if (path.getFileName().toString().startsWith("chromium-") || path.getFileName().toString().startsWith("home-")) {
                    deleteTree(path);
                }
            }
        }
    }

    private static JsonNode embeddedData(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"realdb-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void shouldDrawTheFirstPageOfTrendsAndTheComparisonWithoutErrors() throws Exception {
        Chromium.Output output = chromium.dumpDom(report, "");

        String dom = output.stdout();
        int pageSize = data.get("pageSize").asInt();
        JsonNode steps = data.get("sections").get(0).get("steps");
        int onFirstPage = Math.min(pageSize, steps.size());
        int expectedSeries = data.get("comparison").get("series").size();
        for (int i = 0; i < onFirstPage; i++) {
            expectedSeries += steps.get(i).get("option").get("series").size();
        }
        assertThat(attribute(dom, "data-errors")).as(dom.length() > 2000 ? "errors" : dom).isEqualTo("0");
        assertThat(attribute(dom, "data-charts")).isEqualTo(String.valueOf(onFirstPage + 1));
        assertThat(attribute(dom, "data-series")).isEqualTo(String.valueOf(expectedSeries));
        assertThat(count(dom, "<canvas")).isGreaterThanOrEqualTo(onFirstPage + 1);
        assertThat(output.stderr().lines().filter(l -> l.contains("CONSOLE")).toList()).isEmpty();
        assertThat(dom).contains("nova_user_001", "FAILURE", "Migration 151-&gt;152 took too long");
    }

    @Test
    void shouldTurnEveryPageAndOpenAStepsHistory() throws Exception {
        Chromium.Output output = chromium.dumpDom(report, "#measure");

        String dom = output.stdout();
        int steps = data.get("sections").get(0).get("steps").size();
        int pages = (steps + data.get("pageSize").asInt() - 1) / data.get("pageSize").asInt();
        assertThat(pages).isGreaterThan(1);
        assertThat(attribute(dom, "data-errors")).isEqualTo("0");
        assertThat(attribute(dom, "data-pages")).isEqualTo(String.valueOf(pages));
        assertThat(attribute(dom, "data-drill-ms")).isNotNull();
        assertThat(dom).contains("<table id=\"drill-runs\"><thead>");
        assertThat(output.stderr().lines().filter(l -> l.contains("CONSOLE")).toList()).isEmpty();
    }

    @Test
    void shouldOpenAStepsHistoryFromALink() throws Exception {
        Chromium.Output output = chromium.dumpDom(report, "#step=nova_user_001:151->152");

        String dom = output.stdout();
        assertThat(attribute(dom, "data-errors")).isEqualTo("0");
        assertThat(dom).contains("<div id=\"drill\" class=\"drill\">",
                "<h2 id=\"drill-title\">Migration 151 → 152 on nova_user_001</h2>", "(this run)",
                "<th class=\"num\">writes blocked</th><th class=\"num\">reads blocked</th>");
        JsonNode copy = null;
        for (JsonNode step : data.at("/sections/0/steps")) {
            copy = step.get("key").asText().equals("151->152") ? step : copy;
        }
        assertThat(copy).isNotNull();
        assertThat(copy.at("/option/grid")).as("duration, rows read, rows changed, blocked").hasSize(4);
        assertThat(count(dom, "<tr")).isGreaterThan(60);
    }

    @Test
    void shouldSaveAScreenshotOfTheReport() throws Exception {
        Path png = OUT.resolve("report-screenshot.png");
        Files.deleteIfExists(png);

        chromium.screenshot(report, png, 1360, 2000);

        assertThat(png).isRegularFile();
        assertThat(Files.size(png)).isGreaterThan(50_000);
    }

    @Test
    void shouldNeedNoNetwork() throws IOException {
        String html = Files.readString(report, StandardCharsets.UTF_8);

        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContainPattern("<link[^>]+href=");
        assertThat(html).contains("echarts");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
