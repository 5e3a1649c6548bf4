package io.realdb.engine.analysis;

import io.realdb.engine.model.LogFormat;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.StepImpact.Access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step's impact lines as read, and the {@link StepImpact} they add up to: where blocked
 * times are worked out from the probes' waits.
 */
final class ImpactTally {

    private LogFormat.ProbeSummary summary;
    private final List<LogFormat.ProbeWait> waits = new ArrayList<>();
    private final Set<StepImpact.TableLock> locks = new LinkedHashSet<>();
    private final Set<String> rewrites = new LinkedHashSet<>();

    void add(LogFormat.ImpactLine line) {
        if (line instanceof LogFormat.ImpactLine.Summary s) {
            summary = s.summary();
        } else if (line instanceof LogFormat.ImpactLine.Wait w) {
            waits.add(w.probeWait());
        } else if (line instanceof LogFormat.ImpactLine.Lock l) {
            locks.add(l.lock());
        } else if (line instanceof LogFormat.ImpactLine.Rewrite r) {
            rewrites.add(r.table());
        }
    }

    /** Whether the step's {@code Probes:} line was read; without it there is no threshold to judge waits by. */
    boolean complete() {
        return summary != null;
    }

    StepImpact build() {
        long threshold = summary.thresholdMs();
        Map<String, List<LogFormat.ProbeWait>> byTable = new LinkedHashMap<>();
        long maxRead = summary.longestReadMs();
        long maxWrite = summary.longestWriteMs();
        for (LogFormat.ProbeWait wait : waits) {
            if (wait.access() == Access.READ) {
                maxRead = Math.max(maxRead, wait.waitedMs());
            } else {
                maxWrite = Math.max(maxWrite, wait.waitedMs());
            }
            byTable.computeIfAbsent(wait.access().id() + " " + wait.table(), k -> new ArrayList<>()).add(wait);
        }
        List<StepImpact.BlockedTable> tables = new ArrayList<>();
        for (List<LogFormat.ProbeWait> group : byTable.values()) {
            long blocked = blockedMs(group, threshold);
            long over = group.stream().filter(w -> w.waitedMs() > threshold).count();
            if (over > 0) {
                LogFormat.ProbeWait first = group.get(0);
                long longest = group.stream().mapToLong(LogFormat.ProbeWait::waitedMs).max().orElse(0);
                tables.add(new StepImpact.BlockedTable(first.table(), first.access(), blocked, longest, over));
            }
        }
        tables.sort(Comparator.comparingLong(StepImpact.BlockedTable::blockedMs).reversed()
                .thenComparing(StepImpact.BlockedTable::table).thenComparing(StepImpact.BlockedTable::access));
        return new StepImpact(
                blockedMs(waits.stream().filter(w -> w.access() == Access.READ).toList(), threshold),
                blockedMs(waits.stream().filter(w -> w.access() == Access.WRITE).toList(), threshold),
                maxRead, maxWrite, tables, List.copyOf(locks), List.copyOf(rewrites), threshold,
                summary.reads(), summary.writes());
    }

    /**
     * The time covered by at least one wait's blocked span: from {@code threshold} after the wait
     * began to its end, for each wait longer than {@code threshold}.
     */
    static long blockedMs(List<LogFormat.ProbeWait> waits, long threshold) {
        List<long[]> spans = new ArrayList<>();
        for (LogFormat.ProbeWait wait : waits) {
            if (wait.waitedMs() > threshold) {
                spans.add(new long[] {wait.fromMs() + threshold, wait.fromMs() + wait.waitedMs()});
            }
        }
        spans.sort(Comparator.comparingLong(span -> span[0]));
        long total = 0;
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        for (long[] span : spans) {
            if (span[0] > end) {
                total += end - start;
                start = span[0];
                end = span[1];
            } else {
                end = Math.max(end, span[1]);
            }
        }
        return spans.isEmpty() ? 0 : total + end - start;
    }
}
