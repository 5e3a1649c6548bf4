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

    public static final int SCHEMA_VERSION = 1;

    public RunResult {
        info = info == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(info));
        findings = List.copyOf(findings);
        steps = List.copyOf(steps);
    }
}
