package io.realdb.engine.model;

/**
 * Rows a step touched, as the server's counters saw them. Changed rows are inserted plus
 * updated plus deleted, as turbo-hipster's {@code XInnodb_rows_changed}.
 */
public record RowCounts(long read, long inserted, long updated, long deleted) {

    public static final RowCounts ZERO = new RowCounts(0, 0, 0, 0);

    public long changed() {
        return inserted + updated + deleted;
    }

    /**
     * The counts between two readings of cumulative counters. A counter that went down means the
     * server restarted in between, so the later reading is all there is.
     */
    public RowCounts since(RowCounts earlier) {
        return new RowCounts(
                delta(read, earlier.read),
                delta(inserted, earlier.inserted),
                delta(updated, earlier.updated),
                delta(deleted, earlier.deleted));
    }

    /** These counts without {@code part}, which they include (realdb's own probes' rows, say). */
    public RowCounts less(RowCounts part) {
        return new RowCounts(read - part.read, inserted - part.inserted, updated - part.updated, deleted - part.deleted);
    }

    public RowCounts plus(RowCounts other) {
        return new RowCounts(read + other.read, inserted + other.inserted, updated + other.updated, deleted + other.deleted);
    }

    private static long delta(long now, long before) {
        return now >= before ? now - before : now;
    }
}
