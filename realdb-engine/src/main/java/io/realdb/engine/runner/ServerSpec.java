package io.realdb.engine.runner;

import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.RunDatabase;
import io.realdb.engine.dataset.Dataset;

/**
 * Which server a run uses: a private one that realdb starts for the run (the embedded default),
 * or an existing one.
 *
 * @param database on an existing server, the name of the database the run creates and works in;
 *                 null for a name unique to the run
 */
public record ServerSpec(String engineId, ConnectionInfo existing, String database) {

    public static ServerSpec embedded(String engineId) {
        return new ServerSpec(engineId, null, null);
    }

    public static ServerSpec existing(String engineId, ConnectionInfo connection) {
        return new ServerSpec(engineId, connection, null);
    }

    public ServerSpec withDatabase(String name) {
        return new ServerSpec(engineId, existing, name);
    }

    public boolean isEmbedded() {
        return existing == null;
    }

    /**
     * Where the run works: on a private server, the dataset's own database and user; on an
     * existing one, a database and user made for this run alone.
     */
    RunDatabase runDatabase(Dataset dataset) {
        return isEmbedded() ? new RunDatabase(dataset.database(), dataset.user(), dataset.password())
                : RunDatabase.forRun(dataset.database(), database);
    }
}
