package io.realdb.engine.db;

import java.nio.file.Path;
import java.util.List;

/**
 * One family of database servers (MySQL, MariaDB and Percona share one). Looked up by id in
 * {@link DatabaseEngines}; adding an engine is adding an implementation.
 */
public interface DatabaseEngine {

    /** The stable id, for example {@code mariadb}. */
    String id();

    /** Other ids that mean this engine, for example {@code mysql} and {@code percona}. */
    List<String> aliases();

    /**
     * Starts a server that belongs to this run alone, with its data under {@code workDir}.
     * It listens on a unix socket only.
     */
    DatabaseServer startPrivate(Path workDir);

    /** Connects to a server that is already running, checking that it answers. */
    DatabaseServer connectExisting(ConnectionInfo connection);

    /**
     * The snapshots of seeded data directories that private servers of this engine start from;
     * empty when the engine keeps none, and then a run restores its seed every time.
     */
    default java.util.Optional<SeedSnapshots> snapshots() {
        return java.util.Optional.empty();
    }
}
