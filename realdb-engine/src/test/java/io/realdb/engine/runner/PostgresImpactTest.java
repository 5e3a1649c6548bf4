package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.StepImpact.Access;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Online impact on a private PostgreSQL server: {@code CREATE INDEX CONCURRENTLY} lets writes
 * through where a plain {@code CREATE INDEX} blocks them, {@code LOCK TABLE ... IN ACCESS
 * EXCLUSIVE MODE} blocks reads and writes while held, and a column's new type rewrites the table.
 * The same run without probes counts the same rows per step.
 */
class PostgresImpactTest {

    /** Rows enough for an index to take a second or so. */
    private static final int ROWS = 1_000_000;

    @TempDir
    static Path dir;

    private static RunResult probed;
    private static RunResult unprobed;
    private static String probedLog;

    @BeforeAll
    static void runTheSameMigrationsWithAndWithoutProbes() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("migrations/0001_init.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_init.down.sql", "SELECT 1;\n")
                // Alone in its file: the file goes to the server whole, and CONCURRENTLY refuses a transaction.
                .change("migrations/0002_concurrently.up.sql", "CREATE INDEX CONCURRENTLY t_h_concurrently ON t (h);\n")
                .change("migrations/0003_index.up.sql", "CREATE INDEX t_h_n ON t (h, n);\n")
                // The driver runs a file's statements one by one: a lock held across them needs a transaction.
                .change("migrations/0004_lock.up.sql",
                        "BEGIN;\nLOCK TABLE t IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep(2);\nCOMMIT;\n")
                .change("migrations/0005_retype.up.sql", "ALTER TABLE t ALTER COLUMN n TYPE BIGINT;\n")
                .create(dir.resolve("project"));
        String seed = "CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);\n"
                + "INSERT INTO schema_migrations VALUES (1, false);\n"
                + "CREATE TABLE t (id INT PRIMARY KEY, n INT NOT NULL, h TEXT NOT NULL);\n"
                + "INSERT INTO t SELECT g, g % 1000, md5(g::text) FROM generate_series(1, " + ROWS + ") g;\n";
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "impact",
                "\"engine\": \"postgresql\", \"downgrade_to\": \"none\"", seed);
        RunOutcome with = run(dataset, project, "with", null);
        RunOutcome without = run(dataset, project, "without", false);
        probed = with.result();
        probedLog = Files.readString(with.log());
        unprobed = without.result();
    }

    private static RunOutcome run(Dataset dataset, Path project, String out, Boolean impact) {
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", dir.resolve(out),
                        ServerSpec.embedded("postgresql"), ToolEnvironment.scrubbed(List.of(), System::getenv))
                .with(io.realdb.engine.sandbox.Isolation.AUTO, TimeBudget.DEFAULT)
                .withImpact(impact);
        return new UpgradeJob(line -> { }).run(request);
    }

    private static StepImpact impact(String key) {
        return step(probed, key).impact();
    }

    private static Step step(RunResult result, String key) {
        return result.steps().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void shouldRunEveryStepWithProbes() {
        assertThat(probed.findings()).as(probedLog).isEmpty();
        assertThat(probed.steps()).extracting(Step::key).containsExactly("1->2", "2->3", "3->4", "4->5");
        assertThat(probed.steps()).allSatisfy(step -> {
            assertThat(step.impact()).as(step.key()).isNotNull();
            assertThat(step.impact().probeReads()).as(step.key()).isPositive();
            assertThat(step.impact().probeWrites()).as(step.key()).isPositive();
        });
        assertThat(probedLog).contains("[realdb] Impact: 1 reader and 1 writer as database user migrator",
                "tables left out: schema_migrations");
    }

    @Test
    void shouldLetWritesThroughAnIndexBuiltConcurrently() {
        Step concurrently = step(probed, "1->2");
        StepImpact impact = concurrently.impact();
        assertThat(impact.writeBlockedMs()).as(probedLog).isLessThan(concurrently.durationMs() / 4);
        assertThat(impact.readBlockedMs()).as(probedLog).isLessThan(concurrently.durationMs() / 4);
        assertThat(impact.locks()).contains(new StepImpact.TableLock("t", "ShareUpdateExclusiveLock"));
        assertThat(impact.rewrites()).isEmpty();
    }

    @Test
    void shouldBlockWritesButNotReadsWhileAPlainIndexIsBuilt() {
        Step plain = step(probed, "2->3");
        StepImpact impact = plain.impact();
        assertThat(plain.durationMs()).as(probedLog).isGreaterThan(500);
        assertThat(impact.writeBlockedMs()).as(probedLog).isGreaterThan(plain.durationMs() / 2);
        assertThat(impact.readBlockedMs()).as(probedLog).isLessThan(impact.writeBlockedMs() / 4);
        assertThat(impact.locks()).contains(new StepImpact.TableLock("t", "ShareLock"));
        assertThat(impact.blocked(Access.WRITE)).extracting(StepImpact.BlockedTable::table).containsExactly("t");
    }

    @Test
    void shouldBlockReadsAndWritesWhileATableIsLocked() {
        StepImpact impact = impact("3->4");
        assertThat(impact.readBlockedMs()).as(probedLog).isBetween(1_200L, 4_000L);
        assertThat(impact.writeBlockedMs()).as(probedLog).isBetween(1_200L, 4_000L);
        assertThat(impact.locks()).contains(new StepImpact.TableLock("t", "AccessExclusiveLock"));
        assertThat(impact.rewrites()).isEmpty();
    }

    @Test
    void shouldSeeATableRewrittenForAColumnsNewType() {
        Step retype = step(probed, "4->5");
        StepImpact impact = retype.impact();
        assertThat(impact.rewrites()).as(probedLog).containsExactly("t");
        assertThat(impact.writeBlockedMs()).as(probedLog).isGreaterThan(retype.durationMs() / 2);
        assertThat(impact.readBlockedMs()).as(probedLog).isGreaterThan(retype.durationMs() / 2);
        assertThat(impact.locks()).contains(new StepImpact.TableLock("t", "AccessExclusiveLock"));
    }

    @Test
    void shouldCountTheSameRowsWithProbesAsWithout() {
        assertThat(unprobed.findings()).isEmpty();
        assertThat(unprobed.steps()).allSatisfy(step -> assertThat(step.impact()).isNull());
        assertThat(probed.steps()).extracting(Step::key, Step::rowsRead, Step::rowsInserted, Step::rowsUpdated,
                        Step::rowsDeleted)
                .as(probedLog)
                .containsExactlyElementsOf(unprobed.steps().stream().map(s -> org.assertj.core.groups.Tuple.tuple(
                        s.key(), s.rowsRead(), s.rowsInserted(), s.rowsUpdated(), s.rowsDeleted())).toList());
    }
}
