package io.realdb.engine.impact;

import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.DatabaseServer;

import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * One engine's part of the impact measurement: its probe statements, where it reads locks and
 * table storage, and how the probes' own rows are told apart from the migration's. Looked up by
 * the engine's id in {@link ImpactDialects}.
 */
interface ImpactDialect {

    /** The engine's id, as {@link io.realdb.engine.db.DatabaseEngines} knows it. */
    String engineId();

    /**
     * Why the probes' share of this server's row counters cannot be told apart from the
     * migration's, or null when it can: the probes must never change a step's counts.
     */
    String cannotSeparateCounters(DatabaseServer server);

    /**
     * Finds out once per run, as the administrator, what the server tells about locks and table
     * storage (on a private server it may switch on what it needs); says what it lacks.
     */
    Sources prepare(DatabaseServer server, Consumer<String> note);

    /** A connection for one probe, as the run's own user, to the run's database. */
    ProbeConnection openProbe(DatabaseServer server, ConnectionInfo runUser, String database) throws SQLException;

    /** A connection that samples locks and reads table storage during one step. */
    Watch openWatch(DatabaseServer server, ConnectionInfo runUser, String database, Sources sources) throws SQLException;

    /**
     * What the server offers, in the dialect's own terms.
     *
     * @param locks   where locks are read from, or null when nowhere
     * @param storage where table storage is read from, or null when nowhere
     */
    record Sources(String locks, String storage) {
    }
}
