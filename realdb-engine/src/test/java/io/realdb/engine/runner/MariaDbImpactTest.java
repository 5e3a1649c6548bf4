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
 * Online impact on a private MariaDB server, from statements whose effect on an application is
 * known: a table copied for a column's new type blocks writes for most of the step, an instant
 * column blocks nothing, {@code LOCK TABLES ... WRITE} blocks everything while held, and a big
 * UPDATE blocks writes to its rows but never reads. The same run without probes counts the same
 * rows per step.
 */
class MariaDbImpactTest {

    /** Rows enough for the copy to take a second or two. */
    private static final int ROWS = 300_000;

    @TempDir
    static Path dir;

    private static RunResult probed;
    private static RunResult unprobed;
    private static String probedLog;
    private static Path probedLogFile;

    @BeforeAll
    static void runTheSameMigrationsWithAndWithoutProbes() throws Exception {
        Path project = new Fixtures.Project()
                .trunk("migrations/0001_init.up.sql", "SELECT 1;\n")
                .trunk("migrations/0001_init.down.sql", "SELECT 1;\n")
                .change("migrations/0002_copy.up.sql", "ALTER TABLE t MODIFY x BIGINT NOT NULL, ALGORITHM=COPY;\n")
                .change("migrations/0003_instant.up.sql", "ALTER TABLE t ADD COLUMN z INT NULL, ALGORITHM=INSTANT;\n")
                .change("migrations/0004_lock.up.sql", "LOCK TABLES t WRITE;\nDO SLEEP(2);\nUNLOCK TABLES;\n")
                .change("migrations/0005_update.up.sql", "UPDATE t SET x = x + 1;\n")
                .create(dir.resolve("project"));
        String seed = "CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);\n"
                + "INSERT INTO schema_migrations VALUES (1, 0);\n"
                + "CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL, pad CHAR(200) NOT NULL DEFAULT '') ENGINE=InnoDB;\n"
                + "INSERT INTO t (id, x) SELECT seq, 0 FROM seq_1_to_" + ROWS + ";\n";
        Dataset dataset = Fixtures.dataset(dir.resolve("dataset"), "impact", "\"downgrade_to\": \"none\"", seed);
        RunOutcome with = run(dataset, project, "with", null);
        RunOutcome without = run(dataset, project, "without", false);
        probed = with.result();
        probedLog = Files.readString(with.log());
        probedLogFile = with.log();
        unprobed = without.result();
    }

    private static RunOutcome run(Dataset dataset, Path project, String out, Boolean impact) {
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", dir.resolve(out),
                        ServerSpec.embedded("mariadb"), ToolEnvironment.scrubbed(List.of(), System::getenv))
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
    void shouldGiveTheSameImpactWhenTheLogIsReadAgain() {
        RunResult again = io.realdb.engine.analysis.LogAnalyzer.analyze(probedLogFile,
                new io.realdb.engine.analysis.AnalysisOptions("impact", null, null));

        assertThat(again.steps()).isEqualTo(probed.steps());
    }

    @Test
    void shouldBlockWritesForMostOfATableCopy() {
        Step copy = step(probed, "1->2");
        StepImpact impact = copy.impact();
        assertThat(copy.durationMs()).as(probedLog).isGreaterThan(800);
        assertThat(impact.writeBlockedMs()).as(probedLog).isGreaterThan(copy.durationMs() / 2);
        assertThat(impact.readBlockedMs()).as(probedLog).isLessThan(copy.durationMs() / 4);
        assertThat(impact.blocked(Access.WRITE)).extracting(StepImpact.BlockedTable::table).containsExactly("t");
        assertThat(impact.rewrites()).containsExactly("t");
        assertThat(impact.locks()).contains(new StepImpact.TableLock("t", "MDL_SHARED_NO_WRITE"));
    }

    @Test
    void shouldBlockNothingForAnInstantColumn() {
        StepImpact impact = impact("2->3");
        assertThat(impact.readBlockedMs()).as(probedLog).isZero();
        assertThat(impact.writeBlockedMs()).as(probedLog).isZero();
        assertThat(impact.blockedTables()).isEmpty();
        assertThat(impact.rewrites()).isEmpty();
    }

    @Test
    void shouldBlockReadsAndWritesWhileATableIsLocked() {
        StepImpact impact = impact("3->4");
        assertThat(impact.readBlockedMs()).as(probedLog).isBetween(1_200L, 4_000L);
        assertThat(impact.writeBlockedMs()).as(probedLog).isBetween(1_200L, 4_000L);
        assertThat(impact.maxReadWaitMs()).isGreaterThan(impact.readBlockedMs());
        assertThat(impact.locks()).extracting(StepImpact.TableLock::table).contains("t");
        assertThat(impact.rewrites()).isEmpty();
    }

    @Test
    void shouldBlockWritesToTheRowsABigUpdateChangesButNotReads() {
        Step update = step(probed, "4->5");
        StepImpact impact = update.impact();
        assertThat(impact.writeBlockedMs()).as(probedLog).isGreaterThan(update.durationMs() / 2);
        // Reads never wait for the update's row locks; a busy machine may still slow one a little.
        assertThat(impact.readBlockedMs()).as(probedLog).isLessThan(impact.writeBlockedMs() / 4);
        assertThat(impact.maxReadWaitMs()).as(probedLog).isLessThan(1_000);
        assertThat(impact.locks()).contains(new StepImpact.TableLock("t", "MDL_SHARED_WRITE"));
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
        assertThat(step(probed, "4->5").rowsUpdated()).isEqualTo((long) ROWS);
    }
}
