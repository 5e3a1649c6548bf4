package io.realdb.engine.db;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.snapshot.SeedChecksums;
import io.realdb.engine.db.snapshot.SnapshotKey;
import io.realdb.engine.db.snapshot.SnapshotStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Snapshots of private PostgreSQL servers' data directories with a seed restored, in
 * {@code <realdb home>/snapshots/postgresql}, keyed by the seed's SHA-256, the server programs
 * and the user the server runs as, the server options, the database and the role that owns what
 * the seed made (tables belong to a role in PostgreSQL, and the migrations must own them).
 *
 * <p>To make one, the seed is restored as that role, which gets a random password that nobody
 * keeps, and the server is shut down cleanly. Every start from a copy gives the administrator a
 * new random password and the role the run's own, so the snapshot holds no secret of any run.
 */
final class PostgresSnapshots implements SeedSnapshots {

    private final Path home;
    private final Duration startTimeout;
    private final List<String> serverOptions;
    private final SnapshotStore store;
    private final SeedChecksums checksums;

    PostgresSnapshots(Path home, Duration startTimeout, List<String> serverOptions) {
        this.home = home;
        this.startTimeout = startTimeout;
        this.serverOptions = List.copyOf(serverOptions);
        this.store = new SnapshotStore(home.resolve("snapshots").resolve(PostgresEngine.ID));
        this.checksums = new SeedChecksums(home.resolve("snapshots").resolve("seed-checksums"));
    }

    private SnapshotKey key(Path seed, String database, String owner) {
        String server = "programs " + PrivatePostgres.programsKey()
                + (serverOptions.isEmpty() ? "" : ", options " + String.join(" ", serverOptions));
        return new SnapshotKey(PostgresEngine.ID, server, checksums.sha256(seed), database + " owned by " + owner);
    }

    @Override
    public PostgresServer startPrivate(Path workDir, Path seed, RunDatabase run, SeedListener listener) {
        PrivatePostgres.Place place = PrivatePostgres.Place.in(workDir);
        try {
            // When the snapshot is made, the run's own data directory is the one it was copied from.
            store.obtain(key(seed, run.database(), run.user()), seed, place.dataDir(),
                    snapshotData -> {
                        String version = restore(place, seed, run.database(), run.user(), listener);
                        SnapshotStore.copy(place.dataDir(), snapshotData);
                        return version;
                    },
                    listener::note);
        } catch (RuntimeException e) {
            place.abandon();
            throw e;
        }
        PostgresServer server = PrivatePostgres.start(place, home, startTimeout, serverOptions, true);
        try {
            server.useRestored(run);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** With the database's own name as the owner; runs are keyed by their user, see the next. */
    @Override
    public SnapshotStore.Use prepare(Path seed, String database, SeedListener listener) {
        return prepare(seed, database, database, listener);
    }

    @Override
    public SnapshotStore.Use prepare(Path seed, RunDatabase target, SeedListener listener) {
        return prepare(seed, target.database(), target.user(), listener);
    }

    /** Makes the snapshot of {@code seed} restored into {@code database} as {@code owner}. */
    SnapshotStore.Use prepare(Path seed, String database, String owner, SeedListener listener) {
        SnapshotKey key = key(seed, database, owner);
        Path work = store.root().resolve(key.id() + ".work");
        PrivatePostgres.Place place = PrivatePostgres.Place.in(work);
        try {
            return store.obtain(key, seed, null,
                    snapshotData -> {
                        String version = restore(place, seed, database, owner, listener);
                        SnapshotStore.copy(place.dataDir(), snapshotData);
                        return version;
                    },
                    listener::note);
        } finally {
            place.abandon();
            try {
                SnapshotStore.removeTree(work);
            } catch (IOException | UncheckedIOException e) {
                // Only a log is left; the next preparation removes it.
            }
        }
    }

    @Override
    public Optional<SnapshotStore.Snapshot> find(Path seed, String database) {
        return store.find(key(seed, database, database));
    }

    /**
     * Restores the seed into {@code database} of a server started in {@code place}, as
     * {@code owner}, and shuts the server down cleanly, leaving its data directory there.
     *
     * @return the server's version
     */
    private String restore(PrivatePostgres.Place place, Path seed, String database, String owner, SeedListener listener) {
        listener.note("Restoring the seed " + seed.getFileName() + " into database " + database);
        PostgresServer server = PrivatePostgres.start(place, home, startTimeout, serverOptions, false);
        try {
            byte[] random = new byte[18];
            new java.security.SecureRandom().nextBytes(random);
            RunDatabase restoring = new RunDatabase(database, owner, HexFormat.of().formatHex(random));
            server.createRunDatabase(restoring);
            ConnectionInfo as = server.admin().withUser(owner, restoring.password());
            long rowsBefore = server.readCounters().inserted();
            SeedRestorer.Progress done = SeedRestorer.restore(server, as, database, Set.of(database), seed,
                    progress -> listener.restoring(progress, 0));
            listener.restored(done, server.readCounters().inserted() - rowsBefore);
            String version = server.version();
            server.stopKeepingData();
            return version;
        } catch (SeedRestoreException e) {
            boolean alive = server.isAlive();
            server.close();
            if (!alive) {
                throw new InfrastructureException("the database server stopped answering while restoring the seed", e);
            }
            throw e;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
