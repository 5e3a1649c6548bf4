package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run or an analysis concluded. Saved as {@code result.json}; everything
 * downstream (table, report, JUnit, review message) is made from it.
 *
 * @param info what was run: dataset, engine, project, refs; free-form, for people
 */
@JsonPropertyOrder({"schemaVersion", "dataset", "verdict", "finalVersion", "expectedFinalVersion",
        "durationMs", "info", "findings", "steps"})
public record RunResult(
        int schemaVersion,
        String dataset,
        Verdict verdict,
        String finalVersion,
        String expectedFinalVersion,
        Long durationMs,
        Map<String, String> info,
        List<Finding> findings,
        List<Step> steps) {

    /**
     * The version of this shape that realdb writes. 2 added each step's {@code limits} and each
     * finding's {@code phase}, {@code value}, {@code limit} and {@code baseline}; results of
     * version 1 still read, without them.
     */
    public static final int SCHEMA_VERSION = 2;

    public RunResult {
        info = info == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(info));
        findings = List.copyOf(findings);
        steps = List.copyOf(steps);
    }

    /** The same run with more findings (from outside its log), its verdict weighed again. */
    public RunResult withMoreFindings(List<Finding> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Finding> all = new java.util.ArrayList<>(findings);
        all.addAll(more);
        return new RunResult(schemaVersion, dataset, Verdict.of(all), finalVersion, expectedFinalVersion, durationMs,
                info, all, steps);
    }
}
