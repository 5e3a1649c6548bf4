package io.realdb.engine.history;

/** Opens the history a location names. */
public final class HistoryStores {

    private HistoryStores() {
    }

    public static HistoryStore open(HistoryLocation location) {
        return JdbcHistoryStore.open(location);
    }
}
