package io.realdb.engine.impact;

import io.realdb.engine.model.LogFormat;
import io.realdb.engine.model.StepImpact.Access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The probes' waits during one step, as the workers report them: counts and the longest of each
 * kind, and every wait longer than the threshold, from the step's start on the monotonic clock.
 */
final class WaitTally {

    private final long startNanos;
    private final long thresholdMs;
    private final long[] count = new long[Access.values().length];
    private final long[] longestMs = new long[Access.values().length];
    private final List<LogFormat.ProbeWait> over = new ArrayList<>();

    WaitTally(long startNanos, long thresholdMs) {
        this.startNanos = startNanos;
        this.thresholdMs = thresholdMs;
    }

    /** One probe's wait: from its first try to when it got through, failed, or was stopped. */
    synchronized void record(Access access, String table, long fromNanos, long toNanos) {
        long waited = TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
        count[access.ordinal()]++;
        longestMs[access.ordinal()] = Math.max(longestMs[access.ordinal()], waited);
        if (waited > thresholdMs) {
            over.add(new LogFormat.ProbeWait(access, table, TimeUnit.NANOSECONDS.toMillis(fromNanos - startNanos), waited));
        }
    }

    synchronized LogFormat.ProbeSummary summary() {
        return new LogFormat.ProbeSummary(count[Access.READ.ordinal()], longestMs[Access.READ.ordinal()],
                count[Access.WRITE.ordinal()], longestMs[Access.WRITE.ordinal()], thresholdMs);
    }

    /** The waits longer than the threshold, in the order they began. */
    synchronized List<LogFormat.ProbeWait> waits() {
        List<LogFormat.ProbeWait> sorted = new ArrayList<>(over);
        sorted.sort(Comparator.comparingLong(LogFormat.ProbeWait::fromMs));
        return sorted;
    }
}
