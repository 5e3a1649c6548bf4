package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One thing the analysis found. A finding that compares a measurement carries the measurement
 * and what it was compared with, so that any later view can explain it without the dataset.
 *
 * @param step      the step's key ({@code "151->152"}), or null for run-wide findings
 * @param stepIndex the step's position in the result's steps, or null for run-wide findings;
 *                  a key can occur more than once in a run (the same migration upgraded twice)
 * @param phase     the step's phase, or null for run-wide findings (and in results written before
 *                  schema version 2)
 * @param value     what the step measured, in the unit of {@link FindingKind#measure()}; null for
 *                  kinds that measure nothing
 * @param limit     what {@code value} was above, with the config key it came from; null when
 *                  {@code value} is
 * @param baseline  for a comparison with the step's recent runs: their median and how many; else null
 */
@JsonPropertyOrder({"kind", "severity", "message", "step", "stepIndex", "phase", "measure", "value", "limit", "baseline"})
public record Finding(
        FindingKind kind,
        Severity severity,
        String message,
        String step,
        Integer stepIndex,
        @JsonInclude(JsonInclude.Include.NON_NULL) Phase phase,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long value,
        @JsonInclude(JsonInclude.Include.NON_NULL) Limit limit,
        @JsonInclude(JsonInclude.Include.NON_NULL) Baseline baseline) {

    /** A run-wide finding. */
    public Finding(FindingKind kind, Severity severity, String message) {
        this(kind, severity, message, null, null, null, null, null, null);
    }

    /** A finding about a step that measures nothing, without its phase (as older results have it). */
    public Finding(FindingKind kind, Severity severity, String message, String step, Integer stepIndex) {
        this(kind, severity, message, step, stepIndex, null, null, null, null);
    }

    /** A finding about a step that measures nothing. */
    public static Finding ofStep(FindingKind kind, Severity severity, String message, Step step, int stepIndex) {
        return new Finding(kind, severity, message, step.key(), stepIndex, step.phase(), null, null, null);
    }

    /** A finding about a step's measurement. */
    public static Finding ofMeasurement(FindingKind kind, Severity severity, String message, Step step, int stepIndex,
                                        long value, Limit limit, Baseline baseline) {
        return new Finding(kind, severity, message, step.key(), stepIndex, step.phase(), value, limit, baseline);
    }

    /** The step's field {@link #value()} measures, named in result.json for readers that do not know the kinds. */
    @JsonProperty("measure")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String measure() {
        return value == null ? null : kind.measure();
    }

    /** The same finding with another text (a sanitised one). */
    public Finding withMessage(String text, String stepKey) {
        return new Finding(kind, severity, text, stepKey, stepIndex, phase, value, limit, baseline);
    }

    /** The same finding with the phase of its step, for findings read from where it was not kept. */
    public Finding withPhase(Phase stepPhase) {
        return new Finding(kind, severity, message, step, stepIndex, stepPhase, value, limit, baseline);
    }
}
