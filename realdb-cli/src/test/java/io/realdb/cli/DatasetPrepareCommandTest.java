package io.realdb.cli;

import io.realdb.engine.review.VerdictRule;
import io.realdb.engine.db.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.realdb.cli.CliRun.realdb;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code realdb dataset prepare}, on the machine's MariaDB server. */
class DatasetPrepareCommandTest {

    private static final Pattern WHERE = Pattern.compile("^Snapshot [0-9a-f]{10} of dataset prepared: (.+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private Path dataset(String seed) throws IOException {
        Path dataset = Files.createDirectories(dir.resolve("prepared"));
        Files.writeString(dataset.resolve("config.json"), """
                {"database": "prepared", "db_user": "app", "db_pass": "app-pw", "seed_data": "seed.sql"}
                """);
        Files.writeString(dataset.resolve("seed.sql"), seed);
        return dataset;
    }

    @Test
    void shouldMakeTheSnapshotShowingRowsPerSecondThenSayItIsThere() throws IOException {
        StringBuilder seed = new StringBuilder("-- " + UUID.randomUUID() + "\nCREATE TABLE t (id INT PRIMARY KEY);\n");
        for (int i = 1; i <= 1000; i++) {
            seed.append(i == 1 ? "INSERT INTO t VALUES " : ",").append('(').append(i).append(')');
        }
        Path dataset = dataset(seed.append(";\n").toString());

        CliRun first = realdb("dataset", "prepare", dataset.toString());
        Matcher where = WHERE.matcher(first.out());
        assertThat(where.find()).as(first.out() + first.err()).isTrue();
        Path folder = Path.of(where.group(1));
        try {
            CliRun second = realdb("dataset", "prepare", dataset.toString());

            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.err()).contains("No snapshot ", "Restoring the seed seed.sql into database prepared",
                    "Made snapshot ").containsPattern("Seed restored: 2 statements, 1,\\d{3} rows in [0-9.]+ s \\([0-9,]+ rows/s\\)");
            assertThat(first.out()).contains("Made in ");
            assertThat(folder.resolve("manifest.json")).isRegularFile();
            assertThat(second.code()).as(second.err()).isZero();
            assertThat(second.out()).contains("Snapshot ", folder.toString(), "It was there already and matches its manifest");
            assertThat(second.err()).doesNotContain("Restoring", "Made snapshot");
        } finally {
            SnapshotStore.removeTree(folder);
        }
    }

    @Test
    void shouldCallASeedTheServerRefusesBadInput() throws IOException {
        Path dataset = dataset("-- " + UUID.randomUUID() + "\nCREATE TABLE t (id INT);\nTHIS IS NOT SQL;\n");

        CliRun run = realdb("dataset", "prepare", dataset.toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("realdb: seed ", "seed.sql, statement starting at line 3");
    }

    @Test
    void shouldCallAMissingDatasetFolderBadInput() {
        CliRun run = realdb("dataset", "prepare", dir.resolve("nowhere").toString());

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("nowhere");
    }

    @Test
    void shouldShowTheSubcommandsWhenNoneIsGiven() {
        CliRun run = realdb("dataset");

        assertThat(run.code()).isEqualTo(VerdictRule.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("Usage: realdb dataset", "prepare");
    }
}
