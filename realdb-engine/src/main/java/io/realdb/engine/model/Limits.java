package io.realdb.engine.model;

import java.util.Map;
import java.util.Optional;

/**
 * Per-step limits of one dataset: a default plus keys like {@code "151->152"} (a downgrade is
 * keyed in its own direction, {@code "152->151"}), and the severity policy for findings.
 * A missing map or a map without a default means no limit of that kind.
 *
 * @param writeBlockMs how long a step may block writes, in milliseconds ({@code maximum_write_block_ms})
 * @param readBlockMs  how long a step may block reads, in milliseconds ({@code maximum_read_block_ms})
 */
public record Limits(
        Map<String, Double> seconds,
        Map<String, Long> rowsRead,
        Map<String, Long> rowsChanged,
        Map<FindingKind, Severity> severities,
        Map<String, Long> writeBlockMs,
        Map<String, Long> readBlockMs) {

    public static final String DEFAULT_KEY = "default";

    public static final Limits NONE = new Limits(Map.of(), Map.of(), Map.of(), Map.of());

    public Limits {
        seconds = Map.copyOf(seconds);
        rowsRead = Map.copyOf(rowsRead);
        rowsChanged = Map.copyOf(rowsChanged);
        severities = Map.copyOf(severities);
        writeBlockMs = writeBlockMs == null ? Map.of() : Map.copyOf(writeBlockMs);
        readBlockMs = readBlockMs == null ? Map.of() : Map.copyOf(readBlockMs);
    }

    /** Limits of time and rows only, as turbo-hipster had them. */
    public Limits(Map<String, Double> seconds, Map<String, Long> rowsRead, Map<String, Long> rowsChanged,
                  Map<FindingKind, Severity> severities) {
        this(seconds, rowsRead, rowsChanged, severities, Map.of(), Map.of());
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

    private static <T> Optional<T> lookup(Map<String, T> limits, String stepKey) {
        T value = limits.get(stepKey);
        return Optional.ofNullable(value != null ? value : limits.get(DEFAULT_KEY));
    }
}
