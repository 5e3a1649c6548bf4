package io.realdb.engine.history;

import io.realdb.engine.dataset.DatasetLimits;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.model.Direction;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Seeding the history from saved results and real turbo-hipster logs. */
class HistoryImportTest {

    private static final Path FIXTURES = Path.of("src/test/resources/turbo-hipster");

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

    private HistoryImport importer(String dataset) {
        DatasetLimits limits = new DatasetLoader().loadLimits(FIXTURES.resolve("datasets/user_001.config.json"));
        return new HistoryImport(store, new HistoryImport.Options(dataset, limits.limits(), "percona", null, null));
    }

    @Test
    void shouldImportRealTurboHipsterLogsUnderTheGivenDataset() {
        HistoryImport.Outcome outcome = importer("nova_user_001").importPaths(List.of(
                FIXTURES.resolve("logs/user_001.log"),
                FIXTURES.resolve("logs/20131007_devstack_export.log"),
                FIXTURES.resolve("logs/logcontent")));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.added()).isEqualTo(3);
        List<RunRecord> runs = store.runs(RunQuery.latest("nova_user_001", 10));
        assertThat(runs).hasSize(3).allSatisfy(run -> {
            assertThat(run.engine()).isEqualTo("percona");
            assertThat(run.steps()).isNotEmpty();
            assertThat(run.source()).isNotNull();
        });
        RunRecord user001 = runs.stream().filter(r -> r.source().endsWith("user_001.log")).findFirst().orElseThrow();
        assertThat(user001.startedAt()).isEqualTo(Instant.parse("2014-01-16T06:57:33.961Z"));
        assertThat(user001.steps().get(0).key()).isEqualTo("133->134");
        assertThat(user001.steps().get(0).rowsRead()).isEqualTo(5L);
        RunRecord devstack = runs.stream().filter(r -> r.source().endsWith("devstack_export.log")).findFirst().orElseThrow();
        assertThat(devstack.finalVersion()).isEqualTo("228");
        assertThat(devstack.steps()).anySatisfy(s -> assertThat(s.direction()).isEqualTo(Direction.DOWN));
    }

    @Test
    void shouldImportEachFileOnlyOnce() {
        List<Path> logs = List.of(FIXTURES.resolve("logs/user_001.log"));
        importer("nova_user_001").importPaths(logs);

        HistoryImport.Outcome again = importer("nova_user_001").importPaths(logs);

        assertThat(again.added()).isZero();
        assertThat(again.alreadyThere()).isEqualTo(1);
        assertThat(store.runs(RunQuery.latest("nova_user_001", 10))).hasSize(1);
    }

    @Test
    void shouldImportTheResultFilesOfAFolderTree() throws IOException {
        for (int i = 0; i < 3; i++) {
            Path out = Files.createDirectories(dir.resolve("builds/" + i));
            ResultJson.write(Runs.of("user_002").hoursAfterStart(i).up("1", "2", 1000L * (i + 1)).result(),
                    out.resolve("result.json"));
            Files.writeString(out.resolve("notes.txt"), "not a run");
        }

        HistoryImport.Outcome outcome = new HistoryImport(store, new HistoryImport.Options(null, null, null, null, null))
                .importPaths(List.of(dir.resolve("builds")));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.added()).isEqualTo(3);
        assertThat(store.runs(RunQuery.latest("user_002", 10)))
                .extracting(r -> r.steps().get(0).durationMs()).containsExactly(3000L, 2000L, 1000L);
    }

    @Test
    void shouldKeepEachResultsBuildFromTheFolderItWasCopiedInto() throws IOException {
        for (int build : new int[] {41, 42}) {
            Path out = Files.createDirectories(dir.resolve("builds/" + build));
            ResultJson.write(Runs.of("user_002").hoursAfterStart(build).up("1", "2", 1000L).result(), out.resolve("result.json"));
        }

        HistoryImport.Outcome outcome = new HistoryImport(store, new HistoryImport.Options(null, null, null,
                HistoryImport.DIR, "https://ci.example.org/job/db/" + HistoryImport.DIR + "/"))
                .importPaths(List.of(dir.resolve("builds")));

        assertThat(outcome.problems()).isEmpty();
        assertThat(store.runs(RunQuery.latest("user_002", 10)))
                .extracting(RunRecord::buildId, RunRecord::buildUrl)
                .containsExactly(tuple("42", "https://ci.example.org/job/db/42/"), tuple("41", "https://ci.example.org/job/db/41/"));
    }

    @Test
    void shouldRecordARunFolderOnceThoughItHoldsTheLogAndItsResult() throws IOException {
        Path out = Files.createDirectories(dir.resolve("run"));
        ResultJson.write(Runs.of("user_003").up("1", "2", 1500L).result(), out.resolve("result.json"));
        Files.writeString(out.resolve("realdb.log"), "2014-01-16 07:03:50,708 [output] 1 -> 2...\n"
                + "2014-01-16 07:03:52,208 [output] done\n2014-01-16 07:03:52,300 [output] Final schema version is 2\n");

        HistoryImport.Outcome outcome = new HistoryImport(store, new HistoryImport.Options("user_003", null, null, null, null))
                .importPaths(List.of(out));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.added()).isEqualTo(1);
        assertThat(store.runs(RunQuery.latest("user_003", 10))).hasSize(1);
    }

    @Test
    void shouldNameACorruptResultFileAndImportTheRest() throws IOException {
        Path good = dir.resolve("good.result.json");
        ResultJson.write(Runs.of("user_002").up("1", "2", 1000).result(), good);
        Path corrupt = dir.resolve("corrupt.result.json");
        Files.writeString(corrupt, "{\n  \"schemaVersion\" : 1,\n  \"dataset\" : \"user_002\",\n  \"steps\" : [ {\n");

        HistoryImport.Outcome outcome = new HistoryImport(store, new HistoryImport.Options(null, null, null, null, null))
                .importPaths(List.of(corrupt, good));

        assertThat(outcome.added()).isEqualTo(1);
        assertThat(outcome.problems()).singleElement().asString().contains(corrupt.toString());
    }

    @Test
    void shouldRefuseJsonThatIsNoResult() throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"database\": \"nova\", \"seed_data\": \"nova.sql\", \"steps\": []}");

        HistoryImport.Outcome outcome = new HistoryImport(store, new HistoryImport.Options("d", null, null, null, null))
                .importPaths(List.of(config));

        assertThat(outcome.problems()).singleElement().asString().contains(config.toString(), "is not a");
    }

    @Test
    void shouldAskForTheDatasetOfALog() {
        Path log = FIXTURES.resolve("logs/user_001.log");

        HistoryImport.Outcome outcome = importer(null).importPaths(List.of(log));

        assertThat(outcome.added()).isZero();
        assertThat(outcome.problems()).singleElement().asString().contains(log.toString(), "dataset");
    }

    @Test
    void shouldNameAPathThatDoesNotExist() {
        HistoryImport.Outcome outcome = importer("d").importPaths(List.of(dir.resolve("missing")));

        assertThat(outcome.problems()).singleElement().asString().contains("missing", "does not exist");
    }

    @Test
    void shouldKeepTheVerdictTheLimitsGave() {
        importer("nova_user_001").importPaths(List.of(FIXTURES.resolve("logs/logcontent")));

        RunRecord run = store.runs(RunQuery.latest("nova_user_001", 1)).get(0);

        assertThat(run.verdict()).isIn(Verdict.PASS, Verdict.FAIL);
        assertThat(run.toResult().verdict()).isEqualTo(Verdict.of(run.findings()));
    }
}
