package io.realdb.engine.impact;

import io.realdb.engine.dataset.ImpactSettings;
import io.realdb.engine.db.Bounded;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.DatabaseServer;
import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.log.RunLog;
import io.realdb.engine.model.RowCounts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run's impact measurement: set up once per run, it probes each step ({@link #prepareStep()})
 * and keeps the rows its probes read and wrote, so that the run's counters stay the migrations'
 * own ({@link #withoutProbes}). The probes connect as the run's own user, as the application
 * would, from realdb's JVM; only reading the server's lock tables and InnoDB's table ids on the
 * MySQL family takes the administrator, and only information_schema and performance_schema.
 */
public final class ImpactMeter {

    /** How long one probe operation may wait before it gives up and is tried again. */
    static final Duration OP_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long any one call of the impact measurement may wait for the server, so that a server
     * that stopped answering never holds the run: an operation's own timeouts are the server's.
     */
    static final Duration NETWORK_TIMEOUT = OP_TIMEOUT.plusSeconds(20);
    /** Between a probe's operations: the probes measure, they must not load the server. */
    static final long PAUSE_MILLIS = 20;
    static final long FAILURE_PAUSE_MILLIS = 200;
    /** How often the migration's locks are looked at. */
    static final long LOCK_SAMPLE_MILLIS = 75;
    /** Keys sampled from each end of a table's primary key. */
    static final int SAMPLE_KEYS = 8;

    private final DatabaseServer server;
    private final ConnectionInfo runUser;
    private final String database;
    private final ImpactSettings settings;
    private final Set<String> leftOut;
    private final Set<String> toolTables;
    private final RunLog log;
    private final ImpactDialect dialect;
    private final ImpactDialect.Sources sources;
    private final Set<String> said = new HashSet<>();
    private RowCounts probeRows = RowCounts.ZERO;

    private ImpactMeter(DatabaseServer server, ConnectionInfo runUser, String database, ImpactSettings settings,
                        Set<String> leftOut, Set<String> toolTables, RunLog log, ImpactDialect dialect,
                        ImpactDialect.Sources sources) {
        this.server = server;
        this.runUser = runUser;
        this.database = database;
        this.settings = settings;
        this.leftOut = leftOut;
        this.toolTables = toolTables;
        this.log = log;
        this.dialect = dialect;
        this.sources = sources;
    }

    /** {@code connection}, with its calls bounded by {@link #NETWORK_TIMEOUT}. */
    static java.sql.Connection bounded(java.sql.Connection connection) throws SQLException {
        connection.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
        return connection;
    }

    /**
     * Closes {@code connection} without waiting for the server, from any thread: on a thread of
     * its own, since a driver may open a connection to stop the old one, and a frozen server never
     * answers that one either.
     */
    static void abort(java.sql.Connection connection) {
        detached(() -> {
            try {
                connection.abort(ImpactMeter::detached);
            } catch (SQLException | RuntimeException e) {
                // Gone already.
            }
        });
    }

    /** Runs {@code work} on a daemon thread of its own, and does not wait for it. */
    static void detached(Runnable work) {
        Thread thread = new Thread(work, "realdb-impact-detached");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a call to the server that may not take longer than {@link #NETWORK_TIMEOUT}. */
    static <T> T bounded(String what, Bounded.SqlCall<T> call) throws SQLException {
        return Bounded.call(NETWORK_TIMEOUT, what, call, late -> { });
    }

    /** A meter that measures nothing. */
    public static ImpactMeter off() {
        return new ImpactMeter(null, null, null, ImpactSettings.DEFAULT.withEnabled(false), Set.of(), Set.of(), null, null,
                null);
    }

    /**
     * Sets up the measurement for a run, before the seed is restored (so that what the setup
     * itself counts falls before the first counters), and says in the log how the steps are
     * probed, or why they are not.
     *
     * @param runUser    the run's own user, as the migrations connect
     * @param toolTables the migration tool's own tables, never probed
     */
    public static ImpactMeter open(DatabaseServer server, ConnectionInfo runUser, String database,
                                   ImpactSettings settings, Set<String> toolTables, RunLog log) {
        if (!settings.enabled()) {
            log.note("Impact: not measured (switched off)");
            return off();
        }
        Optional<ImpactDialect> dialect = ImpactDialects.forEngine(server.engineId());
        if (dialect.isEmpty()) {
            log.note("Impact: not measured: realdb has no probes for the engine " + server.engineId());
            return off();
        }
        String cannot = dialect.get().cannotSeparateCounters(server);
        if (cannot != null) {
            log.note("Impact: not measured: " + cannot);
            return off();
        }
        ImpactDialect.Sources sources = dialect.get().prepare(server, log::note);
        Set<String> tools = new TreeSet<>();
        toolTables.forEach(table -> tools.add(table.toLowerCase(Locale.ROOT)));
        Set<String> leftOut = new TreeSet<>(settings.exclude());
        leftOut.addAll(tools);
        int n = settings.concurrency();
        log.note("Impact: " + n + (n == 1 ? " reader and " : " readers and ") + n + (n == 1 ? " writer" : " writers")
                + " as database user " + runUser.user() + " while each step runs; "
                + "an operation gives up after " + OP_TIMEOUT.toSeconds() + " s and is tried again; waits over "
                + settings.thresholdMs() + " ms count as blocked" + (leftOut.isEmpty() ? ""
                : "; tables left out: " + String.join(", ", leftOut)));
        return new ImpactMeter(server, runUser, database, settings, Set.copyOf(leftOut), Set.copyOf(tools), log,
                dialect.get(), sources);
    }

    public boolean isOn() {
        return dialect != null;
    }

    /**
     * Gets a step's probes ready, before its start line: the connections, the tables and their
     * sampled keys, the tables' storage. When that fails the log says why, and the step is not
     * probed.
     */
    public StepProbe prepareStep() {
        if (dialect == null) {
            return StepProbe.NONE;
        }
        Preparation preparation = new Preparation();
        try {
            return Bounded.call(PREPARE_TIMEOUT, "getting the probes ready", preparation::prepare, late -> { });
        } catch (SQLException | RuntimeException e) {
            preparation.abandon(!(e instanceof java.sql.SQLTimeoutException));
            log.note("Impact: not measured for this step: " + (e instanceof SQLException sql ? SqlErrors.message(sql)
                    : e.getMessage()));
            return StepProbe.NONE;
        }
    }

    /** How long getting a step's probes ready may take: a server that does not answer is not waited for. */
    static final Duration PREPARE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A step's probes being got ready, on a thread of its own; what it opened is dropped when it
     * fails or takes too long, even what it opens after that.
     */
    private final class Preparation {
        private final List<ProbeConnection> opened = new ArrayList<>();
        private Watch watch;
        private boolean abandoned;

        StepProbe prepare() throws SQLException {
            for (int i = 0; i < 2 * settings.concurrency(); i++) {
                keep(dialect.openProbe(server, runUser, database));
            }
            ProbeConnection.Discovery found = opened.get(0).discover(database,
                    name -> !leftOut.contains(name.toLowerCase(Locale.ROOT)), SAMPLE_KEYS);
            for (ProbeConnection other : opened.subList(1, opened.size())) {
                other.use(found);
            }
            if (!found.keyless().isEmpty()) {
                sayOnce("Impact: tables without a primary key are not probed: " + String.join(", ", found.keyless()));
            }
            keep(dialect.openWatch(server, runUser, database, sources));
            Map<String, Watch.Storage> storage = watch.storage();
            return new StepProbe(ImpactMeter.this, opened.subList(0, settings.concurrency()),
                    opened.subList(settings.concurrency(), opened.size()), watch, found.tables(), storage);
        }

        private synchronized void keep(ProbeConnection connection) {
            opened.add(connection);
            if (abandoned) {
                connection.abort();
            }
        }

        private synchronized void keep(Watch opening) {
            watch = opening;
            if (abandoned) {
                opening.abort();
            }
        }

        /** Counts and closes what was opened when the server answers, else drops it. */
        synchronized void abandon(boolean answers) {
            abandoned = true;
            if (answers) {
                release(opened, watch);
            } else {
                opened.forEach(ProbeConnection::abort);
                if (watch != null) {
                    watch.abort();
                }
            }
        }
    }

    /** The server's cumulative counters without what realdb's probes read and wrote so far. */
    public RowCounts withoutProbes(RowCounts counters) {
        return counters.less(probeRows);
    }

    /** The rows the probes added to the counters so far. */
    public RowCounts probeRows() {
        return probeRows;
    }

    /** Whether {@code table} is the migration tool's own bookkeeping, whose locks and rewrites say nothing. */
    boolean isToolTable(String table) {
        return toolTables.contains(table.toLowerCase(Locale.ROOT));
    }

    long thresholdMs() {
        return settings.thresholdMs();
    }

    RunLog log() {
        return log;
    }

    /**
     * Adds up and closes a step's connections; each tells what its work counted.
     *
     * @return what they counted
     */
    RowCounts release(List<ProbeConnection> connections, Watch watch) {
        RowCounts before = probeRows;
        for (ProbeConnection connection : connections) {
            try {
                probeRows = probeRows.plus(bounded("reading a probe's own counters", connection::ownRows));
                connection.close();
            } catch (SQLException | RuntimeException e) {
                lost(e);
                connection.abort();
            }
        }
        if (watch != null) {
            try {
                probeRows = probeRows.plus(bounded("reading the lock sampling's own counters", watch::ownRows));
                watch.close();
            } catch (SQLException | RuntimeException e) {
                lost(e);
                watch.abort();
            }
        }
        return probeRows.less(before);
    }

    private void lost(Exception e) {
        log.note("Impact: the rows of a probe connection could not be read, so the counters that follow may "
                + "include its few reads (" + (e instanceof SQLException sql ? SqlErrors.message(sql) : e.getMessage()) + ")");
    }

    /** Says {@code text} in the log the first time only. */
    synchronized void sayOnce(String text) {
        if (said.add(text)) {
            log.note(text);
        }
    }
}
