package io.realdb.engine.runner;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.db.DatabaseEngine;
import io.realdb.engine.db.RunDatabase;
import io.realdb.engine.db.SeedListener;
import io.realdb.engine.db.snapshot.SnapshotStore;

/**
 * Makes ahead of time the snapshot that a dataset's runs on a private server start from (for a
 * CI agent's image, say), exactly as the first such run would make it: the dataset's seed,
 * restored into the database the run works in.
 */
public final class DatasetPreparation {

    private DatasetPreparation() {
    }

    /**
     * @return the snapshot, made now or found sound
     * @throws BadInputException when the engine keeps no snapshots
     */
    public static SnapshotStore.Use prepare(Dataset dataset, DatabaseEngine engine, SeedListener listener) {
        RunDatabase target = ServerSpec.embedded(engine.id()).runDatabase(dataset);
        return engine.snapshots()
                .orElseThrow(() -> new BadInputException("the " + engine.id() + " engine keeps no snapshots: its runs "
                        + "restore the seed every time"))
                .prepare(dataset.seed(), target, listener);
    }
}
