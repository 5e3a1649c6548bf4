package io.realdb.engine.db;

import io.realdb.engine.db.snapshot.SnapshotStore;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An engine's snapshots of data directories that hold a restored seed, kept in realdb's home.
 * A private server then starts from a copy of one, which takes a second where restoring the
 * seed takes minutes; the first run of a seed restores it and keeps the snapshot.
 */
public interface SeedSnapshots {

    /**
     * Starts a private server, as {@link DatabaseEngine#startPrivate} does, whose database
     * {@code run.database()} holds {@code seed} and whose user {@code run.user()} may use it:
     * from a copy of the seed's snapshot, checked first, or with the seed restored now and the
     * snapshot kept for later runs.
     *
     * @throws io.realdb.engine.BadInputException       when the seed cannot be read
     * @throws SeedRestoreException                     when the server refuses the seed
     * @throws io.realdb.engine.InfrastructureException when the server or the snapshot's files fail
     */
    DatabaseServer startPrivate(Path workDir, Path seed, RunDatabase run, SeedListener listener);

    /**
     * Makes the snapshot of {@code seed} restored into {@code database}, unless a sound one is
     * there already.
     */
    SnapshotStore.Use prepare(Path seed, String database, SeedListener listener);

    /**
     * Makes the snapshot that runs working in {@code target} start from, unless a sound one is
     * there already: engines whose tables have owners key it by the user too.
     */
    default SnapshotStore.Use prepare(Path seed, RunDatabase target, SeedListener listener) {
        return prepare(seed, target.database(), listener);
    }

    /** The snapshot of {@code seed} restored into {@code database}, when there is one that matches its manifest. */
    Optional<SnapshotStore.Snapshot> find(Path seed, String database);
}
