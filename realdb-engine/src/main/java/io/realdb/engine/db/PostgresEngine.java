package io.realdb.engine.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * PostgreSQL. Private servers run the machine's own PostgreSQL programs ({@link PostgresBinaries});
 * realdb bundles none, so a machine without PostgreSQL uses an existing server.
 */
public final class PostgresEngine implements DatabaseEngine {

    public static final String ID = "postgresql";

    /** Bounds the wait for a private server: it starts in well under a second here. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final List<String> serverOptions;

    /** Templates in realdb's home ({@code $REALDB_HOME} or {@code ~/.realdb}). */
    public PostgresEngine() {
        this(MariaDbBinaries.defaultCacheRoot(), List.of());
    }

    /** @param serverOptions more settings for private servers, as {@code name=value} */
    public PostgresEngine(Path home, List<String> serverOptions) {
        this.home = home;
        this.serverOptions = List.copyOf(serverOptions);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> aliases() {
        return List.of("postgres", "pg");
    }

    @Override
    public PostgresServer startPrivate(Path workDir) {
        return PrivatePostgres.start(workDir, home, DEFAULT_START_TIMEOUT, serverOptions);
    }

    /** Private servers start from a snapshot of their seed, made by the first run of it. */
    @Override
    public java.util.Optional<SeedSnapshots> snapshots() {
        return java.util.Optional.of(new PostgresSnapshots(home, DEFAULT_START_TIMEOUT, serverOptions));
    }

    @Override
    public PostgresServer connectExisting(ConnectionInfo connection) {
        return PostgresServer.existing(connection,
                new io.realdb.engine.db.snapshot.SeedChecksums(home.resolve("snapshots").resolve("seed-checksums")));
    }

    @Override
    public String toString() {
        return ID;
    }
}
