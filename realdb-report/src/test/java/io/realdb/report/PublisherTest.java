package io.realdb.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.history.RunQuery;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Publishing a run: recorded in a real (embedded) history, then report, JUnit file and review message. */
class PublisherTest {

    @TempDir
    Path dir;

    private HistoryStore store;

    @BeforeEach
    void openHistory() {
        store = HistoryStores.open(HistoryLocation.embedded(dir.resolve("home")));
    }

    @AfterEach
    void closeHistory() {
        store.close();
    }

    private Publisher publisher() {
        return new Publisher(store, Clock.fixed(SampleHistory.NOW, ZoneOffset.UTC));
    }

    private static JsonNode data(Path report) throws IOException {
        Matcher m = Pattern.compile("id=\"realdb-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(Files.readString(report, StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    private static String scope(Path report) throws IOException {
        Matcher m = Pattern.compile("<h2>Trends <span class=\"sub\">([^<]*)</span>")
                .matcher(Files.readString(report, StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void shouldRecordTheRunAndWriteReportJUnitAndReviewMessage() throws IOException {
        RunResult result = ResultsForTests.failing();

        Publisher.Publication publication = publisher().publish(Publisher.Request.of(List.of(result), dir.resolve("out"))
                .withBuild("7", "https://ci.example.org/job/db/7/")
                .withReview("real-db-upgrade", "https://ci.example.org/job/db/7/artifact/out/report.html"));

        assertThat(publication.warnings()).isEmpty();
        assertThat(publication.recorded()).singleElement().satisfies(r -> assertThat(r.added()).isTrue());
        assertThat(store.runs(RunQuery.latest("nova_user_001", 5))).singleElement()
                .satisfies(run -> assertThat(run.buildUrl()).isEqualTo("https://ci.example.org/job/db/7/"));
        assertThat(publication.report()).isEqualTo(dir.resolve("out/report.html")).isRegularFile();
        assertThat(Files.readString(publication.junit())).contains("name=\"upgrade-change 151-&gt;152\"");
        assertThat(Files.readString(publication.reviewMessage())).isEqualTo(
                "real-db-upgrade nova_user_001 FAILURE - Migration 151->152 took too long (412 s > 333 s) in 14m 52s"
                        + " : https://ci.example.org/job/db/7/artifact/out/report.html\n");
    }

    @Test
    void shouldDrawTheRunAmongTheEarlierRunsOfItsDatasetOnItsEngine() throws IOException {
        new SampleHistory("nova_user_001", "mariadb", 12, 1.0).record(store, 30);
        new SampleHistory("nova_user_001", "postgresql", 12, 0.5).record(store, 20);
        new SampleHistory("nova_user_002", "mariadb", 12, 0.4).record(store, 10);
        RunResult current = new SampleHistory("nova_user_001", "mariadb", 12, 1.0).run(999, 0, 11);

        Publisher.Publication publication = publisher().publish(Publisher.Request.of(List.of(current), dir.resolve("out"))
                .withLimits(Map.of("nova_user_001", SampleHistory.LIMITS)));

        JsonNode section = data(publication.report()).get("sections").get(0);
        assertThat(section.get("runs")).hasSize(31);
        assertThat(section.get("runs").get(30).get("thisRun").asBoolean()).isTrue();
        assertThat(section.get("steps").get(0).get("key").asText()).isEqualTo("151->152");
        assertThat(section.get("steps").get(0).get("runs").asInt()).isEqualTo(31);
        assertThat(scope(publication.report())).isEqualTo("the last 31 runs of nova_user_001 on mariadb, this one included");
        JsonNode comparison = data(publication.report()).get("comparison");
        assertThat(comparison.get("series")).extracting(s -> s.get("name").asText())
                .containsExactly("nova_user_001 · mariadb", "nova_user_001 · postgresql", "nova_user_002 · mariadb");
        assertThat(Files.readString(publication.report())).contains("<td>nova_user_002</td><td>mariadb</td><td class=\"num\">10</td>");
    }

    @Test
    void shouldLabelRunsMadeUpForADemonstrationAsSampleHistory() throws IOException {
        SampleHistory demo = new SampleHistory("demo", "mariadb", 4, 1.0);
        for (int i = 0; i < 12; i++) {
            RunResult made = demo.run(i, 12 - i, -1);
            Map<String, String> info = new LinkedHashMap<>(made.info());
            info.put(RunRecord.INFO_SAMPLE, "generated by realdb demo");
            store.record(RunRecord.from(new RunResult(made.schemaVersion(), made.dataset(), made.verdict(),
                    made.finalVersion(), made.expectedFinalVersion(), made.durationMs(), info, made.findings(),
                    made.steps())).build());
        }

        Publisher.Publication publication = publisher().publish(Publisher.Request.of(List.of(demo.run(99, 0, -1)),
                dir.resolve("out")));

        assertThat(scope(publication.report())).isEqualTo("the last 13 runs of demo on mariadb, this one included"
                + " · sample history: 12 runs generated by realdb demo, not measured");
        assertThat(Files.readString(publication.report()))
                .contains("<p class=\"note\">sample history: generated by realdb demo. The earlier runs");
        JsonNode runs = data(publication.report()).get("sections").get(0).get("runs");
        assertThat(runs).hasSize(13);
        assertThat(runs.get(0).get("sample").asBoolean()).isTrue();
        assertThat(runs.get(12).has("sample")).isFalse();
        assertThat(runs.get(12).get("thisRun").asBoolean()).isTrue();
    }

    @Test
    void shouldCallNoRunSampleHistoryWhenAllWereMeasured() throws IOException {
        new SampleHistory("nova_user_001", "mariadb", 4, 1.0).record(store, 5);

        Publisher.Publication publication = publisher().publish(Publisher.Request.of(
                List.of(new SampleHistory("nova_user_001", "mariadb", 4, 1.0).run(99, 0, -1)), dir.resolve("out")));

        assertThat(Files.readString(publication.report())).doesNotContain("sample history");
    }

    @Test
    void shouldRecordARunPublishedTwiceOnceAndDrawItOnce() throws IOException {
        RunResult result = ResultsForTests.failing();
        publisher().publish(Publisher.Request.of(List.of(result), dir.resolve("out")));

        Publisher.Publication again = publisher().publish(Publisher.Request.of(List.of(result), dir.resolve("out")));

        assertThat(again.recorded()).singleElement().satisfies(r -> assertThat(r.added()).isFalse());
        assertThat(data(again.report()).get("sections").get(0).get("runs")).hasSize(1);
    }

    @Test
    void shouldSayWhenTheHistoryHasNoEarlierRuns() throws IOException {
        Publisher.Publication publication = publisher().publish(Publisher.Request.of(List.of(ResultsForTests.failing()),
                dir.resolve("out")).recording(false));

        assertThat(scope(publication.report())).isEqualTo("no earlier runs of nova_user_001 on mariadb in the history");
        assertThat(Files.readString(publication.report())).contains("The history holds no other runs of these steps yet.");
        assertThat(store.runs(RunQuery.latest("nova_user_001", 5))).isEmpty();
    }

    @Test
    void shouldPublishWithoutAHistory() throws IOException {
        Publisher.Publication publication = new Publisher(null).publish(
                Publisher.Request.of(List.of(ResultsForTests.failing(), ResultsForTests.passing()), dir.resolve("out")));

        assertThat(publication.recorded()).isEmpty();
        assertThat(scope(publication.report())).isEqualTo("this run only: no history");
        assertThat(Files.readString(publication.reviewMessage()).lines()).hasSize(2);
        assertThat(data(publication.report()).get("sections")).hasSize(2);
    }

    @Test
    void shouldWriteEveryFileWhenTheHistoryFailsAndSaySo() throws IOException {
        store.close();

        Publisher.Publication publication = publisher().publish(Publisher.Request.of(List.of(ResultsForTests.failing()),
                dir.resolve("out")));

        assertThat(publication.warnings()).isNotEmpty()
                .anySatisfy(w -> assertThat(w).contains("was not recorded in the history"));
        assertThat(publication.report()).isRegularFile();
        assertThat(publication.junit()).isRegularFile();
        assertThat(publication.reviewMessage()).isRegularFile();
        assertThat(Files.readString(publication.report())).contains("class=\"note\"");
    }

    @Test
    void shouldPutStepsWithFindingsFirstThenTheChangesOwn() {
        RunResult result = ResultsForTests.of("d")
                .step(Phase.UPGRADE_TRUNK, "1", "2", 1000L)
                .step(Phase.UPGRADE_CHANGE, "2", "3", 1000L)
                .step(Phase.UPGRADE_CHANGE, "3", "4", 1000L)
                .step(Phase.DOWNGRADE, "4", "3", 1000L)
                .finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "slow", 2)
                .result();

        assertThat(Publisher.reviewOrder(result)).containsExactly("3->4", "2->3", "1->2", "4->3");
    }
}
