package io.realdb.engine.history;

import io.realdb.engine.BadInputException;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every history store does, on whichever database a subclass gives it. */
abstract class HistoryStoreContract {

    private final List<HistoryStore> opened = new ArrayList<>();

    /** A new, empty place for a history, removed after the test. */
    abstract HistoryLocation location();

    /** The id column of schema version 1 as this database spells it, for building old histories by hand. */
    abstract String handWrittenIdColumn();

    HistoryStore open() {
        HistoryStore store = HistoryStores.open(location());
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(HistoryStore::close);
    }

    Connection connect() throws SQLException {
        HistoryLocation location = location();
        Properties properties = new Properties();
        if (location.user() != null) {
            properties.setProperty("user", location.user());
        }
        return DriverManager.getConnection(HistoryDialects.forUrl(location.url()).driverUrl(location.url()), properties);
    }

    @Test
    void shouldKeepEveryStepAndFindingOfARecordedRun() {
        HistoryStore store = open();
        RunRecord run = Runs.of("user_001").build("42")
                .step(Phase.UPGRADE_TRUNK, "133", "134", 1_250, 5, 0)
                .step(Phase.UPGRADE_CHANGE, "151", "152", 412_000, 3_470_000, 120_000)
                .unended("152", "153")
                .finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration 151->152 took too long (412 s > 333 s)", 1)
                .finding(FindingKind.FINAL_VERSION_MISMATCH, Severity.WARNING, "Final schema version 152 does not match expected 153", null)
                .record();

        HistoryStore.Recorded recorded = store.record(run);
        List<RunRecord> read = store.runs(RunQuery.latest("user_001", 10));

        assertThat(recorded.added()).isTrue();
        assertThat(read).hasSize(1);
        RunRecord back = read.get(0);
        assertThat(back.id()).isEqualTo(recorded.id());
        assertThat(back).usingRecursiveComparison().ignoringFields("id").isEqualTo(run);
        assertThat(back.toResult()).isEqualTo(run.toResult());
        assertThat(back.buildUrl()).isEqualTo("https://ci.example.org/job/db/42/");
        assertThat(back.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(back.findings().get(0).step()).isEqualTo("151->152");
    }

    @Test
    void shouldKeepHowLongEachStepBlockedReadsAndWrites() throws SQLException {
        HistoryStore store = open();
        StepImpact copy = new StepImpact(1_200, 18_250, 1_700, 18_900,
                List.of(new StepImpact.BlockedTable("instances", StepImpact.Access.WRITE, 18_250, 18_900, 91),
                        new StepImpact.BlockedTable("instances", StepImpact.Access.READ, 1_200, 1_700, 3)),
                List.of(new StepImpact.TableLock("instances", "MDL_SHARED_NO_WRITE")), List.of("instances"),
                200, 4_100, 2_050);
        RunRecord run = Runs.of("user_001").build("43")
                .step(Phase.UPGRADE_CHANGE, "151", "152", 19_000, 250_000, 250_000).impact(copy)
                .step(Phase.UPGRADE_CHANGE, "152", "153", 40, 0, 0)
                .record();

        store.record(run);
        RunRecord back = store.runs(RunQuery.latest("user_001", 1)).get(0);

        assertThat(back.steps().get(0).impact()).isEqualTo(copy);
        assertThat(back.steps().get(1).impact()).isNull();
        assertThat(back).usingRecursiveComparison().ignoringFields("id").isEqualTo(run);
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT step_index, write_blocked_ms, read_blocked_ms FROM realdb_step "
                     + "ORDER BY step_index")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(2)).isEqualTo(18_250);
            assertThat(rs.getLong(3)).isEqualTo(1_200);
            assertThat(rs.next()).isTrue();
            rs.getLong(2);
            assertThat(rs.wasNull()).as("a step measured without probes has no blocked time").isTrue();
        }
    }

    @Test
    void shouldReadTheNewestRunsOfOneDatasetFirst() {
        HistoryStore store = open();
        for (int hour = 0; hour < 5; hour++) {
            store.record(Runs.of("user_001").hoursAfterStart(hour).up("1", "2", 1000 + hour).record());
            store.record(Runs.of("user_002").hoursAfterStart(hour).up("1", "2", 2000 + hour).record());
        }
        store.record(Runs.of("user_001").engine("postgresql").hoursAfterStart(9).up("1", "2", 9000).record());

        List<RunRecord> latest = store.runs(RunQuery.latest("user_001", 3));
        List<RunRecord> onMariaDb = store.runs(RunQuery.latest("user_001", 3).onEngine("mariadb"));

        assertThat(latest).extracting(r -> r.steps().get(0).durationMs()).containsExactly(9000L, 1004L, 1003L);
        assertThat(onMariaDb).extracting(r -> r.steps().get(0).durationMs()).containsExactly(1004L, 1003L, 1002L);
        assertThat(latest).allSatisfy(r -> assertThat(r.dataset()).isEqualTo("user_001"));
    }

    @Test
    void shouldRecordTheSameRunOnlyOnce() {
        HistoryStore store = open();
        RunRecord run = Runs.of("user_001").up("1", "2", 1000).record();

        HistoryStore.Recorded first = store.record(run);
        HistoryStore.Recorded second = store.record(run);

        assertThat(second.added()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(store.runs(RunQuery.latest("user_001", 10))).hasSize(1);
    }

    @Test
    void shouldLeaveOutTheRunBeingReported() {
        HistoryStore store = open();
        RunRecord older = Runs.of("d").hoursAfterStart(1).up("1", "2", 1000).record();
        RunRecord current = Runs.of("d").hoursAfterStart(2).up("1", "2", 2000).record();
        store.record(older);
        store.record(current);

        List<RunRecord> runs = store.runs(RunQuery.latest("d", 10).excluding(current.digest()));

        assertThat(runs).extracting(RunRecord::digest).containsExactly(older.digest());
    }

    @Test
    void shouldSumUpEachStepPerDatasetAndEngine() {
        HistoryStore store = open();
        store.record(Runs.of("a").hoursAfterStart(1).step(Phase.UPGRADE_CHANGE, "1", "2", 1000, 10, 4).record());
        store.record(Runs.of("a").hoursAfterStart(2).step(Phase.UPGRADE_CHANGE, "1", "2", 3000, 30, 2).unended("2", "3").record());
        store.record(Runs.of("b").engine("postgresql").step(Phase.UPGRADE_CHANGE, "1", "2", 500, 7, 1).record());
        store.record(Runs.of("b").engine(null).hoursAfterStart(3).unended("1", "2").record());
        store.record(Runs.of("b").engine(null).hoursAfterStart(4).up("1", "2", 100).record());

        List<StepStats> stats = store.stepStats();

        assertThat(stats).containsExactly(
                new StepStats("a", "mariadb", "1", "2", 2, 2000.0, 3000, 30L, 4L),
                new StepStats("b", null, "1", "2", 1, 100.0, 100, 10L, 1L),
                new StepStats("b", "postgresql", "1", "2", 1, 500.0, 500, 7L, 1L));
    }

    @Test
    void shouldListWhatItHoldsPerDatasetAndEngine() {
        HistoryStore store = open();
        store.record(Runs.of("a").hoursAfterStart(1).up("1", "2", 1).record());
        store.record(Runs.of("a").hoursAfterStart(2).up("1", "2", 2)
                .finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "slow", 0).record());

        assertThat(store.datasets()).containsExactly(
                new DatasetSummary("a", "mariadb", 2, Runs.T0.plusSeconds(7200), Verdict.FAIL));
    }

    @Test
    void shouldAnswerAnEmptyHistoryWithNothing() {
        HistoryStore store = open();

        assertThat(store.runs(RunQuery.latest("user_001", 200))).isEmpty();
        assertThat(store.stepStats()).isEmpty();
        assertThat(store.datasets()).isEmpty();
    }

    @Test
    void shouldCreateItsSchemaOnceAndKeepRunsAcrossOpenings() throws SQLException {
        HistoryStore first = open();
        first.record(Runs.of("a").up("1", "2", 1).record());
        first.close();

        JdbcHistoryStore again = (JdbcHistoryStore) open();

        assertThat(again.upgradedFrom()).isEqualTo(HistorySchema.LATEST);
        assertThat(again.runs(RunQuery.latest("a", 5))).hasSize(1);
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(version) FROM realdb_schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(HistorySchema.LATEST);
            assertThat(rs.getInt(2)).isEqualTo(HistorySchema.LATEST);
        }
    }

    @Test
    void shouldUpgradeAHistoryOfSchemaVersionOneAndKeepItsRuns() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE realdb_schema_version (version INT NOT NULL PRIMARY KEY, "
                    + "description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
            st.execute("INSERT INTO realdb_schema_version VALUES (1, 'runs and their steps', 0)");
            st.execute("CREATE TABLE realdb_run (" + handWrittenIdColumn() + ", dataset VARCHAR(200) NOT NULL, "
                    + "engine VARCHAR(100), server_version VARCHAR(200), project VARCHAR(1000), change_ref VARCHAR(1000), "
                    + "build_id VARCHAR(200), started_at BIGINT NOT NULL, verdict VARCHAR(10) NOT NULL, "
                    + "duration_ms BIGINT, final_version VARCHAR(200))");
            st.execute("CREATE TABLE realdb_step (run_id BIGINT NOT NULL, step_index INT NOT NULL, "
                    + "phase VARCHAR(20) NOT NULL, from_version VARCHAR(200) NOT NULL, to_version VARCHAR(200) NOT NULL, "
                    + "direction VARCHAR(4) NOT NULL, ended BOOLEAN NOT NULL, duration_ms BIGINT, rows_read BIGINT, "
                    + "rows_inserted BIGINT, rows_updated BIGINT, rows_deleted BIGINT, PRIMARY KEY (run_id, step_index), "
                    + "FOREIGN KEY (run_id) REFERENCES realdb_run (id) ON DELETE CASCADE)");
            st.execute("INSERT INTO realdb_run (dataset, engine, build_id, started_at, verdict, duration_ms, final_version) "
                    + "VALUES ('user_001', 'mariadb', '7', 1388534400000, 'PASS', 90000, '152')");
            long id;
            try (ResultSet rs = st.executeQuery("SELECT id FROM realdb_run")) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement step = c.prepareStatement("INSERT INTO realdb_step VALUES "
                    + "(?, 0, 'upgrade-change', '151', '152', 'up', TRUE, 412000, 3470000, 0, 120000, 0)")) {
                step.setLong(1, id);
                step.executeUpdate();
            }
        }

        JdbcHistoryStore store = (JdbcHistoryStore) open();

        assertThat(store.upgradedFrom()).isEqualTo(1);
        RunRecord old = store.runs(RunQuery.latest("user_001", 5)).get(0);
        assertThat(old.buildId()).isEqualTo("7");
        assertThat(old.buildUrl()).isNull();
        assertThat(old.findings()).isEmpty();
        assertThat(old.steps()).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo("151->152");
            assertThat(s.durationMs()).isEqualTo(412_000L);
            assertThat(s.rowsChanged()).isEqualTo(120_000L);
        });
        store.record(Runs.of("user_001").hoursAfterStart(24 * 365 * 20).up("152", "153", 5)
                .finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "slow", 0).record());
        assertThat(store.runs(RunQuery.latest("user_001", 5))).hasSize(2)
                .first().satisfies(r -> assertThat(r.findings()).hasSize(1));
        assertThat(store.stepStats()).containsExactly(
                new StepStats("user_001", "mariadb", "151", "152", 1, 412_000.0, 412_000, 3_470_000L, 120_000L),
                new StepStats("user_001", "mariadb", "152", "153", 1, 5.0, 5, 10L, 1L));
    }

    @Test
    void shouldKeepItsRunsWhenCompacted() {
        HistoryStore store = open();
        store.record(Runs.of("a").up("1", "2", 1).record());

        store.compact();

        assertThat(open().runs(RunQuery.latest("a", 5))).hasSize(1);
    }

    @Test
    void shouldRefuseAHistoryNewerThanThisRealdb() throws SQLException {
        open().close();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO realdb_schema_version VALUES (" + (HistorySchema.LATEST + 1) + ", 'from the future', 0)");
        }

        assertThatThrownBy(this::open)
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("schema version " + (HistorySchema.LATEST + 1))
                .hasMessageContaining("newer than this realdb");
    }
}
