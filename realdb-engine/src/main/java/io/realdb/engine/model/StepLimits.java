package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The limits one step was judged against, each null when the dataset set none of that kind.
 * The names are those of the step's fields they limit.
 */
@JsonPropertyOrder({"durationMs", "rowsRead", "rowsChanged"})
public record StepLimits(Limit durationMs, Limit rowsRead, Limit rowsChanged) {

    public static final StepLimits NONE = new StepLimits(null, null, null);
}
