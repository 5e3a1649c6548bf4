package io.realdb.engine.db;

/** What a private server that starts with its seed tells while it gets there, for a log or a console. */
public interface SeedListener {

    /** A line for people: a snapshot found, checked, copied, made or removed, or a wait for another run. */
    void note(String text);

    /**
     * Called about once a second while the seed is restored to make a snapshot.
     *
     * @param rows the rows the server has inserted since the restore began
     */
    default void restoring(SeedRestorer.Progress progress, long rows) {
    }

    /** Called once the seed is restored, before the snapshot is taken. */
    default void restored(SeedRestorer.Progress done, long rows) {
    }
}
