package io.realdb.engine.impact;

import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.StepImpact;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/** Reads, during one step, the locks the migration holds and the storage of the run's tables. */
interface Watch extends AutoCloseable {

    /**
     * Each table's storage by a key that outlives a rewrite (its name, or its object id), or null
     * when the server does not tell. A table whose storage id changed was rewritten.
     */
    Map<String, Storage> storage() throws SQLException;

    /** The table locks the run's user holds now, on connections other than {@code probeSessions}. */
    Set<StepImpact.TableLock> locks(Set<Long> probeSessions) throws SQLException;

    /** What this connection added to the server's row counters. */
    RowCounts ownRows() throws SQLException;

    @Override
    void close();

    /** Drops the connection without waiting for the server: the sampling may still be in a call. */
    void abort();

    /** A table's storage: its name, and an id that changes when its rows are copied into new storage. */
    record Storage(String table, String id) {
    }
}
