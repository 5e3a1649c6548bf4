package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The limits one step was judged against, each null when the dataset set none of that kind.
 * The names are those of the step's fields they limit; {@code writeBlockedMs} and
 * {@code readBlockedMs} limit the fields of the step's {@code impact} and are left out when null.
 */
@JsonPropertyOrder({"durationMs", "rowsRead", "rowsChanged", "writeBlockedMs", "readBlockedMs"})
public record StepLimits(Limit durationMs, Limit rowsRead, Limit rowsChanged,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Limit writeBlockedMs,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Limit readBlockedMs) {

    public static final StepLimits NONE = new StepLimits(null, null, null);

    /** Limits of time and rows only. */
    public StepLimits(Limit durationMs, Limit rowsRead, Limit rowsChanged) {
        this(durationMs, rowsRead, rowsChanged, null, null);
    }

    /** The limit of blocking {@code access}, or null. */
    public Limit blocked(StepImpact.Access access) {
        return access == StepImpact.Access.READ ? readBlockedMs : writeBlockedMs;
    }
}
