package io.realdb.engine.runner;

import io.realdb.engine.db.ConnectionInfo;

/**
 * Which server a run uses: a private one that realdb starts for the run (the embedded default),
 * or an existing one.
 */
public record ServerSpec(String engineId, ConnectionInfo existing) {

    public static ServerSpec embedded(String engineId) {
        return new ServerSpec(engineId, null);
    }

    public static ServerSpec existing(String engineId, ConnectionInfo connection) {
        return new ServerSpec(engineId, connection);
    }

    public boolean isEmbedded() {
        return existing == null;
    }
}
