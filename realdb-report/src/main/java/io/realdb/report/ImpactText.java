package io.realdb.report;

import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.StepImpact.Access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A step's online impact in words, the same in every output: how long the step kept an
 * application from writing and reading, the tables it blocked, the locks it held and the tables
 * it rewrote. A step measured without probes has no impact and is shown as {@code -}.
 */
public final class ImpactText {

    private ImpactText() {
    }

    /** A table cell: the time {@code access} was blocked, {@code -} when the step was not probed. */
    public static String blocked(Step step, Access access) {
        StepImpact impact = step.impact();
        return impact == null ? "-" : Durations.format(impact.blockedMs(access));
    }

    /**
     * Everything measured of one step, as sentences:
     * {@code writes blocked 18.2 s on instances (longest wait 18.9 s); reads blocked 0 ms (longest wait 12 ms);
     * locks: instances MDL_SHARED_NO_WRITE; rewrote instances; 4,100 probe reads and 2,050 writes, blocked when
     * waiting over 200 ms}.
     *
     * @return null when the step was not probed
     */
    public static String describe(StepImpact impact) {
        if (impact == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(access(impact, Access.WRITE));
        parts.add(access(impact, Access.READ));
        if (!impact.locks().isEmpty()) {
            Set<String> locks = new LinkedHashSet<>();
            impact.locks().forEach(l -> locks.add(l.table() + " " + l.mode()));
            parts.add("locks: " + String.join(", ", locks));
        }
        if (!impact.rewrites().isEmpty()) {
            parts.add("rewrote " + String.join(", ", impact.rewrites()));
        }
        parts.add(count(impact.probeReads()) + " probe reads and " + count(impact.probeWrites())
                + " writes, blocked when waiting over " + Durations.format(impact.thresholdMs()));
        return String.join("; ", parts);
    }

    private static String access(StepImpact impact, Access access) {
        String kind = access == Access.WRITE ? "writes" : "reads";
        long maxWait = access == Access.WRITE ? impact.maxWriteWaitMs() : impact.maxReadWaitMs();
        StringBuilder text = new StringBuilder(kind).append(" blocked ").append(Durations.format(impact.blockedMs(access)));
        List<String> tables = impact.blocked(access).stream().map(StepImpact.BlockedTable::table).distinct().toList();
        if (!tables.isEmpty()) {
            text.append(" on ").append(String.join(", ", tables));
        }
        return text.append(" (longest wait ").append(Durations.format(maxWait)).append(')').toString();
    }

    /**
     * The longest blocks of a run, for the one line a review shows:
     * {@code longest blocks: writes 18.2 s at 3->4, reads 1.2 s at 3->4}, or
     * {@code nothing blocked over 200 ms}.
     *
     * @return null when no step was probed
     */
    public static String longest(RunResult result) {
        List<String> parts = new ArrayList<>();
        Long threshold = null;
        for (Access access : new Access[] {Access.WRITE, Access.READ}) {
            Step step = worst(result, access);
            if (step == null) {
                return null;
            }
            threshold = step.impact().thresholdMs();
            if (step.impact().blockedMs(access) > 0) {
                parts.add((access == Access.WRITE ? "writes " : "reads ") + Durations.format(step.impact().blockedMs(access))
                        + " at " + step.key());
            }
        }
        if (parts.isEmpty()) {
            return "nothing blocked over " + Durations.format(threshold);
        }
        return (parts.size() == 1 ? "longest block: " : "longest blocks: ") + String.join(", ", parts);
    }

    /** The probed step that blocked {@code access} longest; the first such step on a tie; null when none was probed. */
    static Step worst(RunResult result, Access access) {
        Step worst = null;
        for (Step step : result.steps()) {
            if (step.impact() != null && (worst == null || step.impact().blockedMs(access) > worst.impact().blockedMs(access))) {
                worst = step;
            }
        }
        return worst;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
