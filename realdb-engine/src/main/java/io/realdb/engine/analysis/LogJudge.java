package io.realdb.engine.analysis;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what a log says into findings against a dataset's limits. Every message carries its
 * numbers, because the message is what a reviewer reads in the code review.
 */
public final class LogJudge {

    private final Limits limits;

    public LogJudge(Limits limits) {
        this.limits = limits == null ? Limits.NONE : limits;
    }

    /**
     * Findings in reading order: trouble of the whole run first, then each step's, then the
     * final version.
     *
     * @param expectedFinalVersion the version the run must end at, or null when nobody knows;
     *                             the caller chooses between the log's and an override
     */
    public List<Finding> judge(LogReading reading, String expectedFinalVersion) {
        List<Finding> findings = new ArrayList<>();
        Map<Integer, List<LogEvent>> stepEvents = new HashMap<>();
        for (LogEvent event : reading.events()) {
            if (event.stepIndex() == LogEvent.NO_STEP) {
                runEvent(event).ifPresent(findings::add);
            } else {
                stepEvents.computeIfAbsent(event.stepIndex(), i -> new ArrayList<>()).add(event);
            }
        }
        // When the run itself broke (server died, tool or seed unusable), that it stopped early is
        // a consequence, not a finding: no end, no final version, no migrations say nothing new.
        boolean runBroke = !findings.isEmpty();
        List<Step> steps = reading.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            for (LogEvent event : stepEvents.getOrDefault(i, List.of())) {
                if (!(runBroke && event.type() == LogEvent.Type.END_NOT_FOUND)) {
                    findings.add(stepEvent(step, i, event));
                }
            }
            judgeLimits(step, i, findings);
        }
        if (expectedFinalVersion != null && !runBroke) {
            judgeFinalVersion(reading.finalVersion(), expectedFinalVersion, findings);
        }
        if (steps.isEmpty() && !runBroke) {
            findings.add(finding(FindingKind.NO_MIGRATIONS, "No migrations run"));
        }
        return List.copyOf(findings);
    }

    private Optional<Finding> runEvent(LogEvent event) {
        return switch (event.type()) {
            case SEED_RESTORE_FAILED -> Optional.of(finding(FindingKind.SEED_NOT_RESTORED,
                    withReason("Could not restore the seed database", event.reason())));
            case TOOL_NOT_RUN -> Optional.of(finding(FindingKind.TOOL_NOT_RUN,
                    withReason("Could not run the migration tool", event.reason())));
            case INFRASTRUCTURE_ERROR -> Optional.of(finding(FindingKind.INFRASTRUCTURE,
                    withReason("Infrastructure error", event.reason())));
            case MIGRATION_NOT_ENDED, END_NOT_FOUND -> Optional.empty();
        };
    }

    private Finding stepEvent(Step step, int index, LogEvent event) {
        String name = step.from() + " -> " + step.to();
        if (event.type() == LogEvent.Type.END_NOT_FOUND) {
            return finding(FindingKind.END_NOT_FOUND,
                    "Did not find the end of migration " + name + " after its start at " + event.at(),
                    step.key(), index);
        }
        String reason = event.reason() == null ? "" : " (" + event.reason() + ")";
        return finding(FindingKind.MIGRATION_NOT_ENDED,
                "Migration " + name + " started but did not end" + reason, step.key(), index);
    }

    private void judgeLimits(Step step, int index, List<Finding> findings) {
        String key = step.key();
        if (step.durationMs() != null) {
            limits.secondsFor(key)
                    .filter(limit -> step.durationMs() > limit * 1000)
                    .ifPresent(limit -> findings.add(finding(FindingKind.TOOK_TOO_LONG,
                            "Migration " + key + " took too long ("
                                    + duration(step.durationMs(), limit) + " > " + seconds(limit) + ")",
                            key, index)));
        }
        if (step.rowsRead() != null) {
            limits.rowsReadFor(key)
                    .filter(limit -> step.rowsRead() > limit)
                    .ifPresent(limit -> findings.add(finding(FindingKind.TOO_MANY_ROWS_READ,
                            "Migration " + key + " read too many rows (" + step.rowsRead() + " > " + limit + ")",
                            key, index)));
        }
        Long changed = step.rowsChanged();
        if (changed != null) {
            limits.rowsChangedFor(key)
                    .filter(limit -> changed > limit)
                    .ifPresent(limit -> findings.add(finding(FindingKind.TOO_MANY_ROWS_CHANGED,
                            "Migration " + key + " changed too many rows (" + changed + " > " + limit + ")",
                            key, index)));
        }
        judgeImpact(step, index, findings);
    }

    private void judgeImpact(Step step, int index, List<Finding> findings) {
        StepImpact impact = step.impact();
        if (impact == null) {
            return;
        }
        String key = step.key();
        for (StepImpact.Access access : List.of(StepImpact.Access.WRITE, StepImpact.Access.READ)) {
            long blocked = impact.blockedMs(access);
            limits.blockMsFor(access, key).filter(limit -> blocked > limit).ifPresent(limit -> findings.add(finding(
                    access == StepImpact.Access.WRITE ? FindingKind.WRITES_BLOCKED : FindingKind.READS_BLOCKED,
                    "Migration " + key + " blocked " + access.id() + "s"
                            + tables(impact.blocked(access), access == StepImpact.Access.WRITE ? "to" : "of") + " for "
                            + blockSeconds(blocked, limit) + " (limit " + blockSeconds(limit, limit) + ")",
                    key, index)));
        }
    }

    /** " to instances", " to instances and fixed_ips", " to a, b, c and 2 more tables"; empty for none. */
    static String tables(List<StepImpact.BlockedTable> blocked, String preposition) {
        List<String> names = blocked.stream().map(StepImpact.BlockedTable::table).distinct().toList();
        if (names.isEmpty()) {
            return "";
        }
        if (names.size() == 1) {
            return " " + preposition + " " + names.get(0);
        }
        if (names.size() <= 3) {
            return " " + preposition + " " + String.join(", ", names.subList(0, names.size() - 1)) + " and "
                    + names.get(names.size() - 1);
        }
        return " " + preposition + " " + String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more tables";
    }

    /**
     * Milliseconds as seconds with one decimal ({@code 18.2 s}), and more decimals only when
     * rounding would make a value over its limit look no longer than it.
     */
    static String blockSeconds(long millis, long limitMillis) {
        BigDecimal exact = BigDecimal.valueOf(millis, 3);
        BigDecimal limit = BigDecimal.valueOf(limitMillis, 3);
        int scale = 1;
        BigDecimal shown = exact.setScale(scale, RoundingMode.HALF_UP);
        while (scale < 3 && millis > limitMillis && shown.compareTo(limit) <= 0) {
            scale++;
            shown = exact.setScale(scale, RoundingMode.HALF_UP);
        }
        return shown.toPlainString() + " s";
    }

    private void judgeFinalVersion(String finalVersion, String expected, List<Finding> findings) {
        if (finalVersion == null) {
            findings.add(finding(FindingKind.FINAL_VERSION_MISMATCH,
                    "Final schema version not found (expected " + expected + ")"));
        } else if (!finalVersion.equals(expected)) {
            findings.add(finding(FindingKind.FINAL_VERSION_MISMATCH,
                    "Final schema version " + finalVersion + " does not match expected " + expected));
        }
    }

    private Finding finding(FindingKind kind, String message) {
        return new Finding(kind, limits.severityOf(kind), message);
    }

    private Finding finding(FindingKind kind, String message, String step, int index) {
        return new Finding(kind, limits.severityOf(kind), message, step, index);
    }

    private static String withReason(String message, String reason) {
        return reason == null ? message : message + ": " + reason;
    }

    /**
     * A duration as people read it: one decimal under ten seconds, whole seconds above, and more
     * decimals only when rounding would make it look no longer than its limit.
     */
    static String duration(long millis, double limitSeconds) {
        BigDecimal exact = BigDecimal.valueOf(millis, 3);
        BigDecimal limit = BigDecimal.valueOf(limitSeconds);
        int scale = millis < 10_000 ? 1 : 0;
        BigDecimal shown = exact.setScale(scale, RoundingMode.HALF_UP);
        while (scale < 3 && shown.compareTo(limit) <= 0) {
            scale++;
            shown = exact.setScale(scale, RoundingMode.HALF_UP);
        }
        return shown.toPlainString() + " s";
    }

    /** A limit as the dataset gave it: {@code 333.0} is {@code 333 s}, {@code 84.5} stays. */
    static String seconds(double seconds) {
        BigDecimal value = BigDecimal.valueOf(seconds).stripTrailingZeros();
        return (value.scale() < 0 ? value.setScale(0) : value).toPlainString() + " s";
    }
}
