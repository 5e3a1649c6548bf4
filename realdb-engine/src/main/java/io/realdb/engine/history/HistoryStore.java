package io.realdb.engine.history;

import java.util.List;

/**
 * Where past runs are kept. Implementations create and upgrade their own storage; a store is
 * used by one thread at a time and closed after use.
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * Records a run with its steps and findings. A run whose digest is already recorded is not
     * recorded again.
     */
    Recorded record(RunRecord run);

    /** Runs matching the query, newest first, each with its steps and findings. */
    List<RunRecord> runs(RunQuery query);

    /** Per dataset, engine and step: how many times it ran and how long it took, over the whole history. */
    List<StepStats> stepStats();

    /** Per dataset and engine: how many runs, the latest and its verdict. */
    List<DatasetSummary> datasets();

    /** Gives back the space that old data took, where the database needs to be told; then closes the store. */
    void compact();

    /** Where the history is, for people; never with a password. */
    String describe();

    @Override
    void close();

    /**
     * @param id    the run's id in the history
     * @param added false when the same run (same digest) was already there
     */
    record Recorded(long id, boolean added) {
    }
}
