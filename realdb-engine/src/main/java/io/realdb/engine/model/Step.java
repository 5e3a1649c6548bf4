package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One migration step as measured. Duration and row counts are null when the log did not show
 * them (a step that never ended, a log without counters).
 */
@JsonPropertyOrder({"phase", "from", "to", "direction", "ended", "durationMs",
        "rowsRead", "rowsInserted", "rowsUpdated", "rowsDeleted", "rowsChanged"})
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
        Long rowsDeleted) {

    public static Step of(Phase phase, String from, String to, boolean ended, Long durationMs, RowCounts rows) {
        // A marked phase knows its direction; revision ids cannot be ordered by name.
        Direction direction = switch (phase) {
            case DOWNGRADE -> Direction.DOWN;
            case UPGRADE_TRUNK, UPGRADE_CHANGE, UPGRADE_AGAIN -> Direction.UP;
            case UPGRADE -> StepKey.directionOf(from, to);
        };
        if (rows == null) {
            return new Step(phase, from, to, direction, ended, durationMs, null, null, null, null);
        }
        return new Step(phase, from, to, direction, ended, durationMs,
                rows.read(), rows.inserted(), rows.updated(), rows.deleted());
    }

    @JsonProperty("rowsChanged")
    public Long rowsChanged() {
        if (rowsInserted == null) {
            return null;
        }
        return rowsInserted + rowsUpdated + rowsDeleted;
    }

    /** The key limits use for this step: {@code "151->152"}, a downgrade {@code "152->151"}. */
    @JsonIgnore
    public String key() {
        return StepKey.of(from, to);
    }
}
