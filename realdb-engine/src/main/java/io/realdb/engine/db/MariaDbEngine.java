package io.realdb.engine.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * MariaDB, and the MySQL and Percona servers it speaks for: the same client protocol, the same
 * {@code Innodb_rows_*} counters. Private servers run the machine's {@code mariadbd} when there
 * is one, else the bundled MariaDB {@value MariaDbBinaries#BUNDLED_VERSION}.
 */
public final class MariaDbEngine implements DatabaseEngine {

    public static final String ID = "mariadb";

    /**
     * Bounds the wait for a private server. Both the machine's and the bundled programs start in
     * one to two seconds here, but a slow disk or a large buffer pool takes longer.
     */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private final MariaDbBinaries.Choice binaries;
    private final Duration startTimeout;
    private final List<String> serverOptions;

    /** Picks the programs itself ({@link MariaDbBinaries.Choice#AUTO}). */
    public MariaDbEngine() {
        this(MariaDbBinaries.Choice.AUTO, DEFAULT_START_TIMEOUT, List.of());
    }

    /**
     * @param serverOptions more {@code mariadbd} options for private servers, for example
     *                      {@code --innodb-buffer-pool-size=1G} to match production; they come
     *                      after realdb's own, so they win
     */
    public MariaDbEngine(MariaDbBinaries.Choice binaries, Duration startTimeout, List<String> serverOptions) {
        this.binaries = binaries;
        this.startTimeout = startTimeout;
        this.serverOptions = List.copyOf(serverOptions);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> aliases() {
        return List.of("mysql", "percona");
    }

    /** The same engine, with private servers from other programs. */
    public MariaDbEngine withBinaries(MariaDbBinaries.Choice choice) {
        return new MariaDbEngine(choice, startTimeout, serverOptions);
    }

    /**
     * Initialises a data directory under {@code workDir} and starts a server on it that listens
     * on a unix socket only, reached as {@code root} without a password.
     *
     * @throws io.realdb.engine.InfrastructureException when no programs are found, or the server
     *                                                  fails or does not come up in time
     */
    @Override
    public MariaDbServer startPrivate(Path workDir) {
        return PrivateMariaDb.start(MariaDbBinaries.locate(binaries), workDir, startTimeout, serverOptions);
    }

    /** Starts a private server with the given programs, whatever this engine's choice. */
    public MariaDbServer startPrivate(Path workDir, MariaDbBinaries programs) {
        return PrivateMariaDb.start(programs, workDir, startTimeout, serverOptions);
    }

    /**
     * Snapshots in {@code <realdb home>/snapshots/mariadb}, for private servers of this engine's
     * programs and options.
     *
     * @throws io.realdb.engine.InfrastructureException when no programs are found
     */
    @Override
    public Optional<SeedSnapshots> snapshots() {
        return Optional.of(new MariaDbSnapshots(MariaDbBinaries.locate(binaries), startTimeout, serverOptions,
                MariaDbBinaries.defaultCacheRoot()));
    }

    /**
     * @throws io.realdb.engine.BadInputException       when the server refuses the user or password
     * @throws io.realdb.engine.InfrastructureException when the server cannot be reached
     */
    @Override
    public MariaDbServer connectExisting(ConnectionInfo connection) {
        return MariaDbServer.existing(connection);
    }

    @Override
    public String toString() {
        return ID;
    }
}
