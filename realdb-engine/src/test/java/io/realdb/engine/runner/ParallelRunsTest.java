package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several runs on one machine at once, of the same project with datasets of different sizes:
 * each has its own server (or database), socket and counters, so each counts only its own rows.
 */
class ParallelRunsTest {

    @TempDir
    Path dir;

    /** Trunk at 1 and 2; the change's 3 updates every row of t, however many there are. */
    private Path project() throws Exception {
        return new Fixtures.Project()
                .trunk("migrations/0001_init.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_init.down.sql", "SELECT 1;\n")
                .trunk("migrations/0002_y.up.sql", "ALTER TABLE t ADD COLUMN y INT;\n")
                .trunk("migrations/0002_y.down.sql", "ALTER TABLE t DROP COLUMN y;\n")
                .change("migrations/0003_bump.up.sql", "UPDATE t SET x = x + 1;\n")
                .change("migrations/0003_bump.down.sql", "UPDATE t SET x = x - 1;\n")
                .create(dir.resolve("project"));
    }

    /** SQL that both MariaDB and PostgreSQL take: version 1 and {@code rows} rows in t. */
    private Dataset dataset(String name, int rows) throws Exception {
        StringBuilder seed = new StringBuilder()
                .append("CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);\n")
                .append("INSERT INTO schema_migrations VALUES (1, false);\n")
                .append("CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL);\n");
        for (int i = 1; i <= rows; i++) {
            seed.append(i == 1 ? "INSERT INTO t VALUES " : ",").append('(').append(i).append(",0)");
        }
        return Fixtures.dataset(dir.resolve(name), "shop", "", seed.append(";\n").toString());
    }

    private List<RunResult> runAtOnce(ServerSpec server, int... sizes) throws Exception {
        Path project = project();
        List<Dataset> datasets = new ArrayList<>();
        for (int size : sizes) {
            datasets.add(dataset("dataset-" + size, size));
        }
        ExecutorService pool = Executors.newFixedThreadPool(sizes.length);
        try {
            List<Future<RunOutcome>> runs = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                Dataset dataset = datasets.get(i);
                Path out = dir.resolve("out-" + i);
                runs.add(pool.submit(() -> new UpgradeJob(line -> { }).run(RunRequest.of(dataset, project.toString(),
                        "master", "change", out, server, ToolEnvironment.scrubbed(List.of(), System::getenv)))));
            }
            List<RunResult> results = new ArrayList<>();
            for (Future<RunOutcome> run : runs) {
                RunOutcome outcome = run.get();
                assertThat(outcome.result().verdict()).as(Files.readString(outcome.log())).isEqualTo(Verdict.PASS);
                results.add(outcome.result());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each change step, as each of its two phases ran it, updated exactly its own dataset's rows. */
    private static void assertOwnCounts(List<RunResult> results, int... sizes) {
        for (int i = 0; i < sizes.length; i++) {
            List<Long> updated = results.get(i).steps().stream()
                    .filter(s -> s.key().equals("2->3"))
                    .filter(s -> s.phase() == Phase.UPGRADE_CHANGE || s.phase() == Phase.UPGRADE_AGAIN)
                    .map(Step::rowsUpdated).toList();
            assertThat(updated).as("run of %d rows", sizes[i]).containsExactly((long) sizes[i], (long) sizes[i]);
        }
    }

    @Test
    void privateMariaDbServersAtOnceCountTheirOwnRows() throws Exception {
        int[] sizes = {150, 400, 40};
        assertOwnCounts(runAtOnce(ServerSpec.embedded("mariadb"), sizes), sizes);
    }

    @Test
    void privatePostgresqlServersAtOnceCountTheirOwnRows() throws Exception {
        int[] sizes = {150, 400, 40};
        assertOwnCounts(runAtOnce(ServerSpec.embedded("postgresql"), sizes), sizes);
    }

    @Test
    void runsInDatabasesOfTheirOwnOnOnePostgresqlServerCountTheirOwnRows() throws Exception {
        int[] sizes = {120, 333};
        ServerSpec machine = ServerSpec.existing("postgresql", ConnectionInfo.tcp("127.0.0.1", 5432, "postgres", null));
        try {
            assertOwnCounts(runAtOnce(machine, sizes), sizes);
        } finally {
            // The seeds were kept as templates on the machine's server; the test leaves nothing there.
            for (int size : sizes) {
                PostgresUpgradeJobTest.dropTemplateOf(dir.resolve("dataset-" + size).resolve("seed.sql"));
            }
        }
    }
}
