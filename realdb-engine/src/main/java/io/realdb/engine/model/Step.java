package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One migration step as measured. Duration and row counts are null when the log did not show
 * them (a step that never ended, a log without counters).
 *
 * @param durationMs     the migration's own time: from the tool's marker (its "Running upgrade"
 *                       line, say) to the step's end, or the whole step when the tool printed none
 * @param processMs      the whole step, tool start-up included; null in logs that cannot tell
 * @param durationSource {@link #FROM_MARKER} or {@link #FROM_PROCESS}: where {@code durationMs} runs from
 * @param impact         how long the step blocked reads and writes; null, and left out of result.json,
 *                       when it was not measured
 * @param limits         the limits the step was judged against; null before it is judged (as read
 *                       from a log or the history, or in results written before schema version 2)
 */
@JsonPropertyOrder({"phase", "from", "to", "direction", "ended", "durationMs", "processMs", "durationSource",
        "rowsRead", "rowsInserted", "rowsUpdated", "rowsDeleted", "rowsChanged", "impact", "limits"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Step(
        Phase phase,
        String from,
        String to,
        Direction direction,
        boolean ended,
        Long durationMs,
        Long rowsRead,
        Long rowsInserted,
        Long rowsUpdated,
        Long rowsDeleted,
        Long processMs,
        String durationSource,
        @JsonInclude(JsonInclude.Include.NON_NULL) StepImpact impact,
        @JsonInclude(JsonInclude.Include.NON_NULL) StepLimits limits) {

    /** The duration runs from the migration tool's own marker line. */
    public static final String FROM_MARKER = "marker";
    /** The duration is the whole step: the tool printed no marker. */
    public static final String FROM_PROCESS = "process";

    /** A step not yet judged, without a measured impact. */
    public Step(Phase phase, String from, String to, Direction direction, boolean ended, Long durationMs,
                Long rowsRead, Long rowsInserted, Long rowsUpdated, Long rowsDeleted, Long processMs,
                String durationSource) {
        this(phase, from, to, direction, ended, durationMs, rowsRead, rowsInserted, rowsUpdated, rowsDeleted,
                processMs, durationSource, null, null);
    }

    public static Step of(Phase phase, String from, String to, boolean ended, Long durationMs, RowCounts rows) {
        return of(phase, from, to, ended, durationMs, rows, durationMs,
                durationMs == null ? null : FROM_PROCESS);
    }

    public static Step of(Phase phase, String from, String to, boolean ended, Long durationMs, RowCounts rows,
                          Long processMs, String durationSource) {
        // A marked phase knows its direction; revision ids cannot be ordered by name.
        Direction direction = switch (phase) {
            case DOWNGRADE -> Direction.DOWN;
            case UPGRADE_TRUNK, UPGRADE_CHANGE, UPGRADE_AGAIN -> Direction.UP;
            case UPGRADE -> StepKey.directionOf(from, to);
        };
        if (rows == null) {
            return new Step(phase, from, to, direction, ended, durationMs, null, null, null, null,
                    processMs, durationSource);
        }
        return new Step(phase, from, to, direction, ended, durationMs,
                rows.read(), rows.inserted(), rows.updated(), rows.deleted(), processMs, durationSource);
    }

    /** The same step with its impact. */
    public Step withImpact(StepImpact measured) {
        return new Step(phase, from, to, direction, ended, durationMs, rowsRead, rowsInserted, rowsUpdated, rowsDeleted,
                processMs, durationSource, measured, limits);
    }

    @JsonProperty("rowsChanged")
    public Long rowsChanged() {
        if (rowsInserted == null) {
            return null;
        }
        return rowsInserted + rowsUpdated + rowsDeleted;
    }

    /** The same step, judged against {@code judged}. */
    public Step withLimits(StepLimits judged) {
        return new Step(phase, from, to, direction, ended, durationMs, rowsRead, rowsInserted, rowsUpdated,
                rowsDeleted, processMs, durationSource, impact, judged);
    }

    /** The key limits use for this step: {@code "151->152"}, a downgrade {@code "152->151"}. */
    @JsonIgnore
    public String key() {
        return StepKey.of(from, to);
    }
}
