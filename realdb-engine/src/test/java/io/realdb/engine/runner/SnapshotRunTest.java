package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.db.DatabaseEngines;
import io.realdb.engine.db.SeedSnapshots;
import io.realdb.engine.db.snapshot.SnapshotStore;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs on private servers reset from the snapshot that the first run of their seed made, end to
 * end. Every seed here is unlike any other (it carries a random comment), and the snapshots the
 * tests make are removed afterwards.
 */
class SnapshotRunTest {

    private static final Pattern MADE = Pattern.compile("Made snapshot [0-9a-f]+ \\(.*\\): (.+)$", Pattern.MULTILINE);

    private final SeedSnapshots snapshots = DatabaseEngines.standard().get("mariadb").snapshots().orElseThrow();
    private final List<Path> made = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void removeTheSnapshotsMadeHere() throws IOException {
        for (Path folder : made) {
            SnapshotStore.removeTree(folder);
        }
    }

    /** trunk: versions 1 and 2; change: version 3, which touches every row of t. */
    private Path project() throws Exception {
        return new Fixtures.Project()
                .trunk("migrations/0001_t.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_t.down.sql", "SELECT 1;\n")
                .trunk("migrations/0002_add_y.up.sql", "ALTER TABLE t ADD COLUMN y INT NULL;\n")
                .trunk("migrations/0002_add_y.down.sql", "ALTER TABLE t DROP COLUMN y;\n")
                .change("migrations/0003_bump_x.up.sql", "UPDATE t SET x = x + 1;\n")
                .change("migrations/0003_bump_x.down.sql", "UPDATE t SET x = x - 1;\n")
                .create(dir.resolve("project"));
    }

    private Dataset dataset(String folder, int rows) throws IOException {
        return Fixtures.dataset(dir.resolve(folder), "snapshot_run", "",
                "-- " + UUID.randomUUID() + "\n" + Fixtures.seedWithRows(1, rows));
    }

    /** The run's log, with the snapshot it made remembered for removal. */
    private String logOf(RunOutcome outcome) throws IOException {
        String log = Files.readString(outcome.log());
        Matcher made = MADE.matcher(log);
        while (made.find()) {
            this.made.add(Path.of(made.group(1).strip()));
        }
        return log;
    }

    private static long updatedByTheChange(RunResult result) {
        return result.steps().stream().filter(s -> s.phase() == Phase.UPGRADE_CHANGE).findFirst()
                .map(Step::rowsUpdated).orElseThrow();
    }

    @Test
    void shouldMakeTheSnapshotOnTheFirstRunAndResetTheSecondFromItWithoutRestoring() throws Exception {
        Path project = project();
        Dataset dataset = dataset("dataset", 120);

        RunOutcome first = Fixtures.run(dataset, project, dir.resolve("out1"));
        String firstLog = logOf(first);
        RunOutcome second = Fixtures.run(dataset, project, dir.resolve("out2"));
        String secondLog = logOf(second);

        assertThat(first.result().verdict()).as(firstLog).isEqualTo(Verdict.PASS);
        assertThat(second.result().verdict()).as(secondLog).isEqualTo(Verdict.PASS);
        assertThat(firstLog).contains("No snapshot ", "Restoring the seed seed.sql into database snapshot_run",
                "Seed restored: ", "Made snapshot ", "The migrations run as database user migrator");
        assertThat(secondLog).contains("Reset from snapshot ", "The migrations run as database user migrator",
                "Counters after restoring the seed:").doesNotContain("Restoring", "Seed restored", "Made snapshot");
        // The same steps, and the second run's change met the seed's rows, not what the first run left.
        assertThat(second.result().steps()).extracting(Step::key)
                .containsExactlyElementsOf(first.result().steps().stream().map(Step::key).toList());
        assertThat(updatedByTheChange(first.result())).isEqualTo(120);
        assertThat(updatedByTheChange(second.result())).isEqualTo(120);
        assertThat(snapshots.find(dataset.seed(), "snapshot_run")).as("unchanged by both runs: it matches its manifest")
                .isPresent();
    }

    @Test
    void shouldTellInTheLogThatASnapshotWithAChangedByteWasRemovedAndMadeAgain() throws Exception {
        Path project = project();
        Dataset dataset = dataset("dataset", 50);
        logOf(Fixtures.run(dataset, project, dir.resolve("out1")));
        SnapshotStore.Snapshot snapshot = snapshots.find(dataset.seed(), "snapshot_run").orElseThrow();
        Path table = snapshot.dataDir().resolve("snapshot_run/t.ibd");
        long size = Files.size(table);
        table.toFile().setWritable(true);
        try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
            file.seek(size - 100);
            int b = file.read();
            file.seek(size - 100);
            file.write(b ^ 0x80);
        }

        RunOutcome again = Fixtures.run(dataset, project, dir.resolve("out2"));
        String log = logOf(again);

        assertThat(again.result().verdict()).as(log).isEqualTo(Verdict.PASS);
        assertThat(log).contains("Snapshot " + snapshot.key().shortId() + " is damaged (snapshot_run/t.ibd does not hold "
                + "what it held when the snapshot was made (CRC32C)): removed it; making it again from the seed",
                "Restoring the seed seed.sql", "Made snapshot ");
        assertThat(snapshots.find(dataset.seed(), "snapshot_run")).isPresent();
    }

    @Test
    void shouldMakeANewSnapshotWhenTheSeedChanges() throws Exception {
        Path project = project();
        Dataset dataset = dataset("dataset", 30);
        logOf(Fixtures.run(dataset, project, dir.resolve("out1")));
        SnapshotStore.Snapshot old = snapshots.find(dataset.seed(), "snapshot_run").orElseThrow();

        Dataset changed = dataset("dataset", 40);
        RunOutcome outcome = Fixtures.run(changed, project, dir.resolve("out2"));
        String log = logOf(outcome);

        assertThat(outcome.result().verdict()).as(log).isEqualTo(Verdict.PASS);
        assertThat(updatedByTheChange(outcome.result())).isEqualTo(40);
        assertThat(log).contains("No snapshot ", "Restoring the seed", "Made snapshot ",
                "Removed snapshot " + old.key().shortId() + ", made from an earlier content of ");
        assertThat(old.folder()).doesNotExist();
    }

    @Test
    void shouldLetTwoFirstRunsOfADatasetGoAtOnceWithOneMakingTheSnapshotAndTheOtherCopyingIt() throws Exception {
        Path project = project();
        Dataset dataset = dataset("dataset", 3000);

        CompletableFuture<RunOutcome> one = CompletableFuture.supplyAsync(() -> Fixtures.run(dataset, project, dir.resolve("out1")));
        CompletableFuture<RunOutcome> two = CompletableFuture.supplyAsync(() -> Fixtures.run(dataset, project, dir.resolve("out2")));
        List<String> logs = new ArrayList<>();
        for (RunOutcome outcome : List.of(one.get(5, TimeUnit.MINUTES), two.get(5, TimeUnit.MINUTES))) {
            String log = logOf(outcome);
            logs.add(log);
            assertThat(outcome.result().verdict()).as(log).isEqualTo(Verdict.PASS);
            assertThat(updatedByTheChange(outcome.result())).isEqualTo(3000);
        }

        assertThat(logs).filteredOn(log -> log.contains("Made snapshot ")).hasSize(1);
        assertThat(logs).filteredOn(log -> log.contains("Reset from snapshot ")).hasSize(1);
        assertThat(snapshots.find(dataset.seed(), "snapshot_run")).isPresent();
    }
}
