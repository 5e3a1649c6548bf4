package io.realdb.engine.analysis;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepLimits;
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
            return Finding.ofStep(FindingKind.END_NOT_FOUND, limits.severityOf(FindingKind.END_NOT_FOUND),
                    "Did not find the end of migration " + name + " after its start at " + event.at(), step, index);
        }
        String reason = event.reason() == null ? "" : " (" + event.reason() + ")";
        return Finding.ofStep(FindingKind.MIGRATION_NOT_ENDED, limits.severityOf(FindingKind.MIGRATION_NOT_ENDED),
                "Migration " + name + " started but did not end" + reason, step, index);
    }

    private void judgeLimits(Step step, int index, List<Finding> findings) {
        String key = step.key();
        StepLimits judged = limits.forStep(key);
        if (step.durationMs() != null && judged.durationMs() != null
                && step.durationMs() > judged.durationMs().value()) {
            double seconds = limits.secondsFor(key).orElseThrow();
            findings.add(measured(FindingKind.TOOK_TOO_LONG, "Migration " + key + " took too long ("
                    + duration(step.durationMs(), seconds) + " > " + seconds(seconds) + ")",
                    step, index, step.durationMs(), judged.durationMs()));
        }
        if (step.rowsRead() != null && judged.rowsRead() != null && step.rowsRead() > judged.rowsRead().value()) {
            findings.add(measured(FindingKind.TOO_MANY_ROWS_READ, "Migration " + key + " read too many rows ("
                    + step.rowsRead() + " > " + judged.rowsRead().value() + ")",
                    step, index, step.rowsRead(), judged.rowsRead()));
        }
        Long changed = step.rowsChanged();
        if (changed != null && judged.rowsChanged() != null && changed > judged.rowsChanged().value()) {
            findings.add(measured(FindingKind.TOO_MANY_ROWS_CHANGED, "Migration " + key + " changed too many rows ("
                    + changed + " > " + judged.rowsChanged().value() + ")",
                    step, index, changed, judged.rowsChanged()));
        }
        judgeImpact(step, index, judged, findings);
    }

    private void judgeImpact(Step step, int index, StepLimits judged, List<Finding> findings) {
        StepImpact impact = step.impact();
        if (impact == null) {
            return;
        }
        String key = step.key();
        for (StepImpact.Access access : List.of(StepImpact.Access.WRITE, StepImpact.Access.READ)) {
            long blocked = impact.blockedMs(access);
            Limit limit = judged.blocked(access);
            if (limit != null && blocked > limit.value()) {
                findings.add(measured(
                        access == StepImpact.Access.WRITE ? FindingKind.WRITES_BLOCKED : FindingKind.READS_BLOCKED,
                        "Migration " + key + " blocked " + access.id() + "s"
                                + tables(impact.blocked(access), access == StepImpact.Access.WRITE ? "to" : "of")
                                + " for " + blockSeconds(blocked, limit.value())
                                + " (limit " + blockSeconds(limit.value(), limit.value()) + ")",
                        step, index, blocked, limit));
            }
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

    private Finding measured(FindingKind kind, String message, Step step, int index, long value, Limit limit) {
        return Finding.ofMeasurement(kind, limits.severityOf(kind), message, step, index, value, limit, null);
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

    private static String withReason(String message, String reason) {
        return reason == null ? message : message + ": " + reason;
    }

    /**
     * A duration as people read it: one decimal under ten seconds, whole seconds above, and more
     * decimals only when rounding would make it look no longer than its limit.
     */
    public static String duration(long millis, double limitSeconds) {
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
    public static String seconds(double seconds) {
        BigDecimal value = BigDecimal.valueOf(seconds).stripTrailingZeros();
        return (value.scale() < 0 ? value.setScale(0) : value).toPlainString() + " s";
    }
}
