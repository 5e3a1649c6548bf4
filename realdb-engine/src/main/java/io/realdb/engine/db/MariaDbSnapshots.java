package io.realdb.engine.db;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.snapshot.SeedChecksums;
import io.realdb.engine.db.snapshot.SnapshotKey;
import io.realdb.engine.db.snapshot.SnapshotStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Snapshots of private MariaDB servers' data directories with a seed restored, in
 * {@code <realdb home>/snapshots/mariadb}. A snapshot is keyed by the seed's SHA-256, the server
 * programs as {@link DataDirTemplate} knows them (with whether the server runs as root), the
 * server options, and the database name.
 *
 * <p>To make one, the seed is restored into a server started from the template, as the
 * administrator, and the server is shut down cleanly. That server's root keeps the template's
 * empty password and no run user is made, so the snapshot holds no secret of the run that made
 * it; every start from a copy gives root a random password of its own, and the run makes its
 * own user.
 */
final class MariaDbSnapshots implements SeedSnapshots {

    private final MariaDbBinaries binaries;
    private final Duration startTimeout;
    private final List<String> serverOptions;
    private final SnapshotStore store;
    private final SeedChecksums checksums;

    MariaDbSnapshots(MariaDbBinaries binaries, Duration startTimeout, List<String> serverOptions, Path home) {
        this.binaries = binaries;
        this.startTimeout = startTimeout;
        this.serverOptions = List.copyOf(serverOptions);
        this.store = new SnapshotStore(home.resolve("snapshots").resolve(MariaDbEngine.ID));
        this.checksums = new SeedChecksums(home.resolve("snapshots").resolve("seed-checksums"));
    }

    SnapshotKey key(Path seed, String database) {
        try {
            String server = "programs " + DataDirTemplate.key(binaries)
                    + (serverOptions.isEmpty() ? "" : ", options " + String.join(" ", serverOptions));
            return new SnapshotKey(MariaDbEngine.ID, server, checksums.sha256(seed), database);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the server programs " + binaries + ": " + e.getMessage(), e);
        }
    }

    @Override
    public MariaDbServer startPrivate(Path workDir, Path seed, RunDatabase run, SeedListener listener) {
        Path dataDir = PrivateMariaDb.dataDir(workDir);
        // When the snapshot is made, the run's own data directory is the one it was copied from.
        store.obtain(key(seed, run.database()), seed, dataDir,
                snapshotData -> {
                    String version = restore(workDir, seed, run.database(), listener);
                    SnapshotStore.copy(dataDir, snapshotData);
                    return version;
                },
                listener::note);
        MariaDbServer server = PrivateMariaDb.start(binaries, workDir, startTimeout, serverOptions, PrivateMariaDb.Start.SEEDED);
        try {
            server.createRunUser(run);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public SnapshotStore.Use prepare(Path seed, String database, SeedListener listener) {
        return store.obtain(key(seed, database), seed, null,
                snapshotData -> {
                    // Beside the data directory, in the folder that becomes the snapshot, so that the
                    // data directory is the snapshot's by a rename, and a run cut short leaves nothing else.
                    Path work = snapshotData.resolveSibling("server");
                    String version = restore(work, seed, database, listener);
                    Files.move(PrivateMariaDb.dataDir(work), snapshotData);
                    SnapshotStore.removeTree(work);
                    return version;
                },
                listener::note);
    }

    @Override
    public Optional<SnapshotStore.Snapshot> find(Path seed, String database) {
        return store.find(key(seed, database));
    }

    /**
     * Restores the seed into {@code database} of a server started in {@code workDir} and shuts
     * the server down cleanly, leaving its data directory there.
     *
     * @return the server's version
     */
    private String restore(Path workDir, Path seed, String database, SeedListener listener) {
        listener.note("Restoring the seed " + seed.getFileName() + " into database " + database);
        MariaDbServer server = PrivateMariaDb.start(binaries, workDir, startTimeout, serverOptions, PrivateMariaDb.Start.SEEDING);
        try {
            String version = server.version();
            server.createRunDatabase(new RunDatabase(database, server.admin().user(), null));
            long rowsBefore = server.readCounters().inserted();
            SeedRestorer.Progress done = SeedRestorer.restore(server, null, database, Set.of(database), seed,
                    progress -> listener.restoring(progress, server.readCounters().inserted() - rowsBefore));
            listener.restored(done, server.readCounters().inserted() - rowsBefore);
            server.stopKeepingData();
            return version;
        } catch (SeedRestoreException e) {
            if (!server.isAlive()) {
                server.close();
                throw new InfrastructureException("the database server stopped answering while restoring the seed", e);
            }
            server.close();
            throw e;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
