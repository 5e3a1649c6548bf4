package io.realdb.engine.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * Per-step limits of one dataset: a default plus keys like {@code "151->152"} (a downgrade is
 * keyed in its own direction, {@code "152->151"}), the severity policy for findings, and when a
 * step counts as far above its own recent runs. A missing map or a map without a default means
 * no limit of that kind.
 *
 * @param writeBlockMs how long a step may block writes, in milliseconds ({@code maximum_write_block_ms})
 * @param readBlockMs  how long a step may block reads, in milliseconds ({@code maximum_read_block_ms})
 */
public record Limits(
        Map<String, Double> seconds,
        Map<String, Long> rowsRead,
        Map<String, Long> rowsChanged,
        Map<FindingKind, Severity> severities,
        RegressionPolicy regression,
        Map<String, Long> writeBlockMs,
        Map<String, Long> readBlockMs) {

    public static final String DEFAULT_KEY = "default";

    public static final Limits NONE = new Limits(Map.of(), Map.of(), Map.of(), Map.of());

    public Limits {
        seconds = Map.copyOf(seconds);
        rowsRead = Map.copyOf(rowsRead);
        rowsChanged = Map.copyOf(rowsChanged);
        severities = Map.copyOf(severities);
        regression = regression == null ? RegressionPolicy.DEFAULT : regression;
        writeBlockMs = writeBlockMs == null ? Map.of() : Map.copyOf(writeBlockMs);
        readBlockMs = readBlockMs == null ? Map.of() : Map.copyOf(readBlockMs);
    }

    /** Limits with the default regression policy and no limits of blocking. */
    public Limits(Map<String, Double> seconds, Map<String, Long> rowsRead, Map<String, Long> rowsChanged,
                  Map<FindingKind, Severity> severities) {
        this(seconds, rowsRead, rowsChanged, severities, RegressionPolicy.DEFAULT, Map.of(), Map.of());
    }

    /** Limits without limits of blocking. */
    public Limits(Map<String, Double> seconds, Map<String, Long> rowsRead, Map<String, Long> rowsChanged,
                  Map<FindingKind, Severity> severities, RegressionPolicy regression) {
        this(seconds, rowsRead, rowsChanged, severities, regression, Map.of(), Map.of());
    }

    /** Limits with the default regression policy. */
    public Limits(Map<String, Double> seconds, Map<String, Long> rowsRead, Map<String, Long> rowsChanged,
                  Map<FindingKind, Severity> severities, Map<String, Long> writeBlockMs,
                  Map<String, Long> readBlockMs) {
        this(seconds, rowsRead, rowsChanged, severities, RegressionPolicy.DEFAULT, writeBlockMs, readBlockMs);
    }

    public Optional<Double> secondsFor(String stepKey) {
        return lookup(seconds, stepKey);
    }

    public Optional<Long> rowsReadFor(String stepKey) {
        return lookup(rowsRead, stepKey);
    }

    public Optional<Long> rowsChangedFor(String stepKey) {
        return lookup(rowsChanged, stepKey);
    }

    /** The limits of one step with the keys they come from, as a result records them. */
    public StepLimits forStep(String stepKey) {
        Limit duration = limit(seconds, stepKey, Limits::millis);
        Limit read = limit(rowsRead, stepKey, Long::longValue);
        Limit changed = limit(rowsChanged, stepKey, Long::longValue);
        Limit writeBlocked = limit(writeBlockMs, stepKey, Long::longValue);
        Limit readBlocked = limit(readBlockMs, stepKey, Long::longValue);
        return duration == null && read == null && changed == null && writeBlocked == null && readBlocked == null
                ? StepLimits.NONE : new StepLimits(duration, read, changed, writeBlocked, readBlocked);
    }

    /** How long the step may block {@code access}, in milliseconds. */
    public Optional<Long> blockMsFor(StepImpact.Access access, String stepKey) {
        return lookup(access == StepImpact.Access.READ ? readBlockMs : writeBlockMs, stepKey);
    }

    public Severity severityOf(FindingKind kind) {
        if (!kind.judgesTheChange()) {
            return kind.defaultSeverity();
        }
        return severities.getOrDefault(kind, kind.defaultSeverity());
    }

    /**
     * A limit in seconds as whole milliseconds, rounded down: a duration, in whole milliseconds,
     * is above the limit exactly when it is above this.
     */
    public static long millis(double seconds) {
        return BigDecimal.valueOf(seconds).movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static <T> Optional<T> lookup(Map<String, T> limits, String stepKey) {
        T value = limits.get(stepKey);
        return Optional.ofNullable(value != null ? value : limits.get(DEFAULT_KEY));
    }

    private static <T> Limit limit(Map<String, T> limits, String stepKey, java.util.function.ToLongFunction<T> value) {
        T own = limits.get(stepKey);
        if (own != null) {
            return new Limit(value.applyAsLong(own), stepKey);
        }
        T fallback = limits.get(DEFAULT_KEY);
        return fallback == null ? null : new Limit(value.applyAsLong(fallback), DEFAULT_KEY);
    }
}
