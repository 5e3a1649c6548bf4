package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One thing the analysis found.
 *
 * @param step      the step's key ({@code "151->152"}), or null for run-wide findings
 * @param stepIndex the step's position in the result's steps, or null for run-wide findings;
 *                  a key can occur more than once in a run (the same migration upgraded twice)
 */
@JsonPropertyOrder({"kind", "severity", "message", "step", "stepIndex"})
public record Finding(FindingKind kind, Severity severity, String message, String step, Integer stepIndex) {

    /** A run-wide finding. */
    public Finding(FindingKind kind, Severity severity, String message) {
        this(kind, severity, message, null, null);
    }
}
