package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One thing the analysis found. {@code step} is the step's key, or null for run-wide findings. */
@JsonPropertyOrder({"kind", "severity", "message", "step"})
public record Finding(FindingKind kind, Severity severity, String message, String step) {
}
