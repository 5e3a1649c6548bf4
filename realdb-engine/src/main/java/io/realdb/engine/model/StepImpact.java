package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * How long a step would have kept an application from reading and writing: what realdb's probes
 * saw while the step ran, and what the server said about its locks and rewrites. A probe that
 * waited longer than {@code thresholdMs} was blocked from {@code thresholdMs} after it started
 * until it got through; blocked times are the union of those spans, so two probes blocked at
 * once count once.
 *
 * @param readBlockedMs  time during which reads were blocked
 * @param writeBlockedMs time during which writes were blocked
 * @param maxReadWaitMs  the longest any read waited, blocked or not
 * @param maxWriteWaitMs the longest any write waited, blocked or not
 * @param blockedTables  per table and kind of access, the blocked time; longest first
 * @param locks          the distinct table locks the migration held while sampled
 * @param rewrites       tables whose storage the step replaced (a copy of the table was made)
 * @param thresholdMs    how long a probe may wait before it counts as blocked
 * @param probeReads     reads the probes made during the step (a retried read counts once)
 * @param probeWrites    writes the probes made during the step
 */
@JsonPropertyOrder({"readBlockedMs", "writeBlockedMs", "maxReadWaitMs", "maxWriteWaitMs", "blockedTables", "locks",
        "rewrites", "thresholdMs", "probeReads", "probeWrites"})
public record StepImpact(
        long readBlockedMs,
        long writeBlockedMs,
        long maxReadWaitMs,
        long maxWriteWaitMs,
        List<BlockedTable> blockedTables,
        List<TableLock> locks,
        List<String> rewrites,
        long thresholdMs,
        long probeReads,
        long probeWrites) {

    public StepImpact {
        blockedTables = blockedTables == null ? List.of() : List.copyOf(blockedTables);
        locks = locks == null ? List.of() : List.copyOf(locks);
        rewrites = rewrites == null ? List.of() : List.copyOf(rewrites);
    }

    public long blockedMs(Access access) {
        return access == Access.READ ? readBlockedMs : writeBlockedMs;
    }

    /** The tables where {@code access} was blocked, longest first. */
    public List<BlockedTable> blocked(Access access) {
        return blockedTables.stream().filter(t -> t.access() == access).toList();
    }

    /** Reads or writes. */
    public enum Access {
        READ,
        WRITE;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Access fromId(String id) {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One table where one kind of access was blocked.
     *
     * @param blockedMs the union of the blocked spans of the probes of that table and kind
     * @param maxWaitMs the longest such probe waited
     * @param waits     how many probes waited longer than the threshold
     */
    @JsonPropertyOrder({"table", "access", "blockedMs", "maxWaitMs", "waits"})
    public record BlockedTable(String table, Access access, long blockedMs, long maxWaitMs, long waits) {
    }

    /** A lock the migration held on a table, in the server's own words ({@code MDL_SHARED_NO_WRITE}, {@code ShareLock}). */
    @JsonPropertyOrder({"table", "mode"})
    public record TableLock(String table, String mode) {
    }
}
