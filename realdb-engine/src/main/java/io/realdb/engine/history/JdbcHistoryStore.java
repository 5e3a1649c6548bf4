package io.realdb.engine.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.RealDbException;
import io.realdb.engine.model.Direction;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A history in any database that a {@link HistoryDialect} serves, over one JDBC connection.
 * Every {@value #COMPACT_EVERY}th run recorded, the store compacts the database as it closes;
 * an embedded file then stays near the size of its data without paying for that on every close.
 */
public final class JdbcHistoryStore implements HistoryStore {

    /** H2's "database may be already in use": another realdb process has the file open. */
    private static final int H2_DATABASE_IN_USE = 90020;
    private static final long IN_USE_WAIT_MS = 20_000;
    static final int COMPACT_EVERY = 100;

    private static final String RUN_COLUMNS = "id, dataset, engine, server_version, project, change_ref, build_id, "
            + "build_url, started_at, verdict, duration_ms, final_version, expected_final_version, digest, source, info";
    private static final String ORDER_NEWEST_FIRST = " ORDER BY started_at DESC, id DESC";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Looked up once per step read: a history holds many. */
    private static final Map<String, Phase> PHASES = new HashMap<>();
    private static final Map<String, Direction> DIRECTIONS = new HashMap<>();

    static {
        for (Phase phase : Phase.values()) {
            PHASES.put(phase.id(), phase);
        }
        for (Direction direction : Direction.values()) {
            DIRECTIONS.put(direction.id(), direction);
        }
    }

    private final Connection connection;
    private final HistoryDialect dialect;
    private final HistoryLocation location;
    private final int upgradedFrom;
    private boolean compactDue;

    private JdbcHistoryStore(Connection connection, HistoryDialect dialect, HistoryLocation location, int upgradedFrom) {
        this.connection = connection;
        this.dialect = dialect;
        this.location = location;
        this.upgradedFrom = upgradedFrom;
    }

    /**
     * Opens the history, creating it or upgrading its schema as needed.
     *
     * @throws io.realdb.engine.BadInputException     for a URL realdb cannot use, or a history newer than this realdb
     * @throws InfrastructureException for a database that cannot be reached or read
     */
    public static JdbcHistoryStore open(HistoryLocation location) {
        HistoryDialect dialect = HistoryDialects.forUrl(location.url());
        if (location.isEmbedded()) {
            createFolderOf(location.url());
        }
        Connection connection = connect(dialect, location);
        try {
            dialect.prepare(connection);
            int before = HistorySchema.upgrade(connection, dialect, location.describe());
            return new JdbcHistoryStore(connection, dialect, location, before);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new InfrastructureException("cannot set up the history at " + location.describe() + ": " + e.getMessage(), e);
        } catch (RealDbException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** The schema version the history had when opened: 0 when it was created now. */
    public int upgradedFrom() {
        return upgradedFrom;
    }

    @Override
    public String describe() {
        return location.describe();
    }

    private static Connection connect(HistoryDialect dialect, HistoryLocation location) {
        Properties properties = new Properties();
        if (location.user() != null) {
            properties.setProperty("user", location.user());
        }
        if (location.password() != null) {
            properties.setProperty("password", location.password());
        }
        dialect.timeouts(properties);
        long deadline = System.currentTimeMillis() + IN_USE_WAIT_MS;
        while (true) {
            try {
                return DriverManager.getConnection(dialect.driverUrl(location.url()), properties);
            } catch (SQLException e) {
                if (e.getErrorCode() == H2_DATABASE_IN_USE && System.currentTimeMillis() < deadline) {
                    sleep(200);
                    continue;
                }
                throw new InfrastructureException("cannot open the history at " + location.describe() + ": "
                        + firstLine(e.getMessage()), e);
            }
        }
    }

    @Override
    public Recorded record(RunRecord run) {
        try {
            if (run.digest() != null) {
                Long existing = idOfDigest(run.digest());
                if (existing != null) {
                    return new Recorded(existing, false);
                }
            }
            connection.setAutoCommit(false);
            try {
                long id = insertRun(run);
                insertSteps(id, run.steps());
                insertFindings(id, run.findings());
                addToStepStats(run);
                connection.commit();
                compactDue |= id % COMPACT_EVERY == 0;
                return new Recorded(id, true);
            } catch (SQLException e) {
                connection.rollback();
                // Another process recorded the same run in the meantime.
                Long existing = run.digest() != null && isConstraintViolation(e) ? idOfDigest(run.digest()) : null;
                if (existing != null) {
                    return new Recorded(existing, false);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("record a run of " + run.dataset() + " in", e);
        }
    }

    private Long idOfDigest(String digest) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT id FROM realdb_run WHERE digest = ?")) {
            st.setString(1, digest);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private long insertRun(RunRecord run) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO realdb_run (dataset, engine, server_version, "
                + "project, change_ref, build_id, build_url, started_at, verdict, duration_ms, final_version, "
                + "expected_final_version, digest, source, info) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            st.setString(1, run.dataset());
            st.setString(2, run.engine());
            st.setString(3, cut(run.serverVersion(), 200));
            st.setString(4, cut(run.project(), 1000));
            st.setString(5, cut(run.change(), 1000));
            st.setString(6, cut(run.buildId(), 200));
            st.setString(7, cut(run.buildUrl(), 2000));
            st.setLong(8, run.startedAt().toEpochMilli());
            st.setString(9, run.verdict().name());
            setLong(st, 10, run.durationMs());
            st.setString(11, cut(run.finalVersion(), 200));
            st.setString(12, cut(run.expectedFinalVersion(), 200));
            st.setString(13, run.digest());
            st.setString(14, cut(run.source(), 2000));
            st.setString(15, infoJson(run.info()));
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new run");
                }
                return keys.getLong(1);
            }
        }
    }

    private void insertSteps(long runId, List<Step> steps) throws SQLException {
        if (steps.isEmpty()) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO realdb_step (run_id, step_index, phase, "
                + "from_version, to_version, direction, ended, duration_ms, rows_read, rows_inserted, rows_updated, "
                + "rows_deleted, process_ms, duration_source, write_blocked_ms, read_blocked_ms, impact) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                st.setLong(1, runId);
                st.setInt(2, i);
                st.setString(3, step.phase().id());
                st.setString(4, cut(step.from(), 200));
                st.setString(5, cut(step.to(), 200));
                st.setString(6, step.direction().id());
                st.setBoolean(7, step.ended());
                setLong(st, 8, step.durationMs());
                setLong(st, 9, step.rowsRead());
                setLong(st, 10, step.rowsInserted());
                setLong(st, 11, step.rowsUpdated());
                setLong(st, 12, step.rowsDeleted());
                setLong(st, 13, step.processMs());
                st.setString(14, step.durationSource());
                StepImpact impact = step.impact();
                setLong(st, 15, impact == null ? null : impact.writeBlockedMs());
                setLong(st, 16, impact == null ? null : impact.readBlockedMs());
                st.setString(17, impact == null ? null : ResultJson.impactToJson(impact));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** One run's ended steps added to the per-step statistics: one row per dataset, engine and step. */
    private void addToStepStats(RunRecord run) throws SQLException {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, Step> stepOfKey = new HashMap<>();
        for (Step step : run.steps()) {
            if (!step.ended() || step.durationMs() == null) {
                continue;
            }
            String key = step.key();
            stepOfKey.putIfAbsent(key, step);
            long[] sum = sums.computeIfAbsent(key, k -> new long[] {0, 0, Long.MIN_VALUE, NONE, NONE});
            sum[0]++;
            sum[1] += step.durationMs();
            sum[2] = Math.max(sum[2], step.durationMs());
            sum[3] = max(sum[3], step.rowsRead());
            sum[4] = max(sum[4], step.rowsChanged());
        }
        if (sums.isEmpty()) {
            return;
        }
        String engine = run.engine() == null ? "" : run.engine();
        List<String> keys = new ArrayList<>(sums.keySet());
        int[] updated;
        try (PreparedStatement st = connection.prepareStatement("UPDATE realdb_step_stats SET samples = samples + ?, "
                + "total_duration_ms = total_duration_ms + ?, "
                + "max_duration_ms = CASE WHEN max_duration_ms < ? THEN ? ELSE max_duration_ms END, "
                // A missing counter (NULL) compares as unknown and keeps the maximum there is.
                + "max_rows_read = CASE WHEN max_rows_read IS NULL OR max_rows_read < ? "
                + "THEN COALESCE(?, max_rows_read) ELSE max_rows_read END, "
                + "max_rows_changed = CASE WHEN max_rows_changed IS NULL OR max_rows_changed < ? "
                + "THEN COALESCE(?, max_rows_changed) ELSE max_rows_changed END "
                + "WHERE dataset = ? AND engine = ? AND from_version = ? AND to_version = ?")) {
            for (String key : keys) {
                long[] sum = sums.get(key);
                Step step = stepOfKey.get(key);
                st.setLong(1, sum[0]);
                st.setLong(2, sum[1]);
                st.setLong(3, sum[2]);
                st.setLong(4, sum[2]);
                for (int i = 0; i < 2; i++) {
                    setLong(st, 5 + i, sum[3] == NONE ? null : sum[3]);
                    setLong(st, 7 + i, sum[4] == NONE ? null : sum[4]);
                }
                st.setString(9, run.dataset());
                st.setString(10, engine);
                st.setString(11, cut(step.from(), 200));
                st.setString(12, cut(step.to(), 200));
                st.addBatch();
            }
            updated = st.executeBatch();
        }
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO realdb_step_stats (dataset, engine, "
                + "from_version, to_version, samples, total_duration_ms, max_duration_ms, max_rows_read, "
                + "max_rows_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean any = false;
            for (int i = 0; i < keys.size(); i++) {
                if (updated[i] != 0) {
                    continue;
                }
                long[] sum = sums.get(keys.get(i));
                Step step = stepOfKey.get(keys.get(i));
                st.setString(1, run.dataset());
                st.setString(2, engine);
                st.setString(3, cut(step.from(), 200));
                st.setString(4, cut(step.to(), 200));
                st.setLong(5, sum[0]);
                st.setLong(6, sum[1]);
                st.setLong(7, sum[2]);
                setLong(st, 8, sum[3] == NONE ? null : sum[3]);
                setLong(st, 9, sum[4] == NONE ? null : sum[4]);
                st.addBatch();
                any = true;
            }
            if (any) {
                st.executeBatch();
            }
        }
    }

    /** Stands for "no counter" in the sums of {@link #addToStepStats}; counters are never negative. */
    private static final long NONE = -1;

    private static long max(long current, Long value) {
        return value == null ? current : Math.max(current, value);
    }

    private void insertFindings(long runId, List<Finding> findings) throws SQLException {
        if (findings.isEmpty()) {
            return;
        }
        try (PreparedStatement st = connection.prepareStatement("INSERT INTO realdb_finding (run_id, finding_index, kind, "
                + "severity, message, step_index) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < findings.size(); i++) {
                Finding finding = findings.get(i);
                st.setLong(1, runId);
                st.setInt(2, i);
                st.setString(3, finding.kind().id());
                st.setString(4, finding.severity().id());
                st.setString(5, finding.message());
                if (finding.stepIndex() == null) {
                    st.setNull(6, Types.INTEGER);
                } else {
                    st.setInt(6, finding.stepIndex());
                }
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    @Override
    public List<RunRecord> runs(RunQuery query) {
        if (query.limit() == 0) {
            return List.of();
        }
        StringBuilder where = new StringBuilder(" WHERE dataset = ?");
        List<Object> parameters = new ArrayList<>(List.of(query.dataset()));
        if (query.engine() != null) {
            where.append(" AND engine = ?");
            parameters.add(query.engine());
        }
        if (query.excludeDigest() != null) {
            where.append(" AND (digest IS NULL OR digest <> ?)");
            parameters.add(query.excludeDigest());
        }
        parameters.add(query.limit());
        String selected = "SELECT id FROM realdb_run" + where + ORDER_NEWEST_FIRST + " LIMIT ?";
        try {
            List<RunRecord> runs = new ArrayList<>();
            try (PreparedStatement st = prepare("SELECT " + RUN_COLUMNS + " FROM realdb_run" + where
                    + ORDER_NEWEST_FIRST + " LIMIT ?", parameters); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    runs.add(run(rs));
                }
            }
            if (runs.isEmpty()) {
                return runs;
            }
            Map<Long, List<Step>> steps = steps(selected, parameters);
            Map<Long, List<Finding>> findings = findings(selected, parameters);
            List<RunRecord> complete = new ArrayList<>(runs.size());
            for (RunRecord run : runs) {
                List<Step> runSteps = steps.getOrDefault(run.id(), List.of());
                complete.add(new RunRecord(run.id(), run.dataset(), run.engine(), run.serverVersion(), run.project(),
                        run.change(), run.buildId(), run.buildUrl(), run.startedAt(), run.verdict(), run.durationMs(),
                        run.finalVersion(), run.expectedFinalVersion(), run.digest(), run.source(), run.info(),
                        runSteps, withStepKeys(findings.getOrDefault(run.id(), List.of()), runSteps)));
            }
            return complete;
        } catch (SQLException e) {
            throw failure("read the runs of " + query.dataset() + " from", e);
        }
    }

    private Map<Long, List<Step>> steps(String selectedRuns, List<Object> parameters) throws SQLException {
        // Unsorted, and put in order here: sorting a long history in the database costs more.
        Map<Long, Step[]> byRun = new HashMap<>();
        try (PreparedStatement st = prepare("SELECT s.run_id, s.step_index, s.phase, s.from_version, s.to_version, "
                + "s.direction, s.ended, s.duration_ms, s.rows_read, s.rows_inserted, s.rows_updated, s.rows_deleted, "
                + "s.process_ms, s.duration_source, s.impact FROM realdb_step s JOIN (" + selectedRuns + ") r ON r.id = s.run_id", parameters);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Phase phase = PHASES.get(rs.getString(3));
                Direction direction = DIRECTIONS.get(rs.getString(6));
                if (phase == null || direction == null) {
                    throw new SQLException("a step of run " + rs.getLong(1) + " has phase '" + rs.getString(3)
                            + "' and direction '" + rs.getString(6) + "', which this realdb does not know");
                }
                Step step = new Step(phase, rs.getString(4), rs.getString(5), direction, rs.getBoolean(7),
                        getLong(rs, 8), getLong(rs, 9), getLong(rs, 10), getLong(rs, 11), getLong(rs, 12),
                        getLong(rs, 13), rs.getString(14));
                String impact = rs.getString(15);
                if (impact != null) {
                    try {
                        step = step.withImpact(ResultJson.impactFromJson(impact));
                    } catch (BadInputException e) {
                        throw new SQLException("step " + rs.getInt(2) + " of run " + rs.getLong(1) + ": "
                                + e.getMessage(), e);
                    }
                }
                int index = rs.getInt(2);
                Step[] run = byRun.computeIfAbsent(rs.getLong(1), id -> new Step[Math.max(16, index + 1)]);
                if (index >= run.length) {
                    run = Arrays.copyOf(run, Math.max(index + 1, run.length * 2));
                    byRun.put(rs.getLong(1), run);
                }
                run[index] = step;
            }
        }
        Map<Long, List<Step>> steps = new HashMap<>();
        byRun.forEach((id, run) -> steps.put(id, Arrays.stream(run).filter(Objects::nonNull).toList()));
        return steps;
    }

    private Map<Long, List<Finding>> findings(String selectedRuns, List<Object> parameters) throws SQLException {
        Map<Long, List<Finding>> findings = new HashMap<>();
        try (PreparedStatement st = prepare("SELECT f.run_id, f.kind, f.severity, f.message, f.step_index "
                + "FROM realdb_finding f JOIN (" + selectedRuns + ") r ON r.id = f.run_id "
                + "ORDER BY f.run_id, f.finding_index", parameters); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                int index = rs.getInt(5);
                Integer stepIndex = rs.wasNull() ? null : index;
                findings.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new Finding(
                        FindingKind.fromId(rs.getString(2)), Severity.fromId(rs.getString(3)), rs.getString(4),
                        null, stepIndex));
            }
        }
        return findings;
    }

    /** A finding is stored with its step's index; its key is the step's. */
    private static List<Finding> withStepKeys(List<Finding> findings, List<Step> steps) {
        List<Finding> keyed = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Integer index = f.stepIndex();
            String key = index != null && index >= 0 && index < steps.size() ? steps.get(index).key() : null;
            Finding withKey = new Finding(f.kind(), f.severity(), f.message(), key, key == null ? null : index);
            keyed.add(key == null ? withKey : withKey.withPhase(steps.get(index).phase()));
        }
        return keyed;
    }

    private RunRecord run(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)),
                Verdict.valueOf(rs.getString(10)), getLong(rs, 11), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getString(15), info(rs.getString(16)), List.of(), List.of());
    }

    @Override
    public List<StepStats> stepStats() {
        String sql = "SELECT dataset, engine, from_version, to_version, samples, total_duration_ms, max_duration_ms, "
                + "max_rows_read, max_rows_changed FROM realdb_step_stats ORDER BY dataset, engine, from_version, to_version";
        List<StepStats> stats = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                String engine = rs.getString(2);
                long samples = rs.getLong(5);
                stats.add(new StepStats(rs.getString(1), engine.isEmpty() ? null : engine, rs.getString(3), rs.getString(4),
                        samples, rs.getLong(6) / (double) samples, rs.getLong(7), getLong(rs, 8), getLong(rs, 9)));
            }
            return stats;
        } catch (SQLException e) {
            throw failure("sum up the steps in", e);
        }
    }

    @Override
    public List<DatasetSummary> datasets() {
        String sql = "SELECT r.dataset, r.engine, r.runs, r.latest, "
                + "(SELECT MAX(l.verdict) FROM realdb_run l WHERE l.dataset = r.dataset "
                + "AND (l.engine = r.engine OR (l.engine IS NULL AND r.engine IS NULL)) AND l.started_at = r.latest) "
                + "FROM (SELECT dataset, engine, COUNT(*) AS runs, MAX(started_at) AS latest FROM realdb_run "
                + "GROUP BY dataset, engine) r ORDER BY r.dataset, r.engine";
        List<DatasetSummary> summaries = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                summaries.add(new DatasetSummary(rs.getString(1), rs.getString(2), rs.getLong(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Verdict.valueOf(rs.getString(5))));
            }
            return summaries;
        } catch (SQLException e) {
            throw failure("list the datasets in", e);
        }
    }

    @Override
    public void compact() {
        try {
            dialect.compact(connection);
        } catch (SQLException e) {
            throw failure("compact", e);
        } finally {
            closeQuietly(connection);
        }
    }

    @Override
    public void close() {
        if (compactDue) {
            compactDue = false;
            try {
                dialect.compact(connection);
            } catch (SQLException e) {
                // What was recorded is committed; the space comes back at the next compaction.
            }
        }
        closeQuietly(connection);
    }

    private PreparedStatement prepare(String sql, List<Object> parameters) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof Integer number) {
                    st.setInt(i + 1, number);
                } else if (value instanceof Boolean flag) {
                    st.setBoolean(i + 1, flag);
                } else {
                    st.setString(i + 1, (String) value);
                }
            }
            return st;
        } catch (SQLException e) {
            st.close();
            throw e;
        }
    }

    private InfrastructureException failure(String what, SQLException e) {
        return new InfrastructureException("cannot " + what + " the history at " + location.describe() + ": "
                + firstLine(e.getMessage()), e);
    }

    private static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private static String infoJson(Map<String, String> info) {
        try {
            return JSON.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings could not be written as JSON", e);
        }
    }

    private static Map<String, String> info(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            // A damaged info column costs the run's free-form details, not its measurements.
            return Map.of();
        }
    }

    private static void setLong(PreparedStatement st, int index, Long value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.BIGINT);
        } else {
            st.setLong(index, value);
        }
    }

    private static Long getLong(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void createFolderOf(String h2Url) {
        String path = h2Url.substring("jdbc:h2:".length());
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        } else if (path.startsWith("mem:") || path.startsWith("tcp:") || path.startsWith("ssl:")) {
            return;
        }
        int parameters = path.indexOf(';');
        Path file = Path.of(parameters < 0 ? path : path.substring(0, parameters));
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InfrastructureException("cannot create the history's folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for the history", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing is best effort: everything worth keeping was committed.
        }
    }
}
