package io.realdb.engine.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultJsonTest {

    @TempDir
    Path dir;

    private static final StepImpact IMPACT = new StepImpact(60, 1_632, 260, 1_832,
            List.of(new StepImpact.BlockedTable("instances", StepImpact.Access.WRITE, 1_632, 1_832, 1)),
            List.of(new StepImpact.TableLock("instances", "MDL_SHARED_NO_WRITE")), List.of("instances"), 200, 40, 7);

    @Test
    void shouldWriteAStepsImpactAndReadItBack() {
        Step step = Step.of(Phase.UPGRADE_CHANGE, "3", "4", true, 2_310L, new RowCounts(1, 2, 3, 4)).withImpact(IMPACT);
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, "demo", Verdict.PASS, "4", "4", 3_000L, Map.of(),
                List.of(), List.of(step, Step.of(Phase.UPGRADE_CHANGE, "4", "5", true, 10L, null)));
        Path file = dir.resolve(ResultJson.FILE_NAME);

        ResultJson.write(result, file);

        assertThat(ResultJson.read(file)).isEqualTo(result);
        assertThat(ResultJson.toJson(result)).contains("\"impact\" : {", "\"readBlockedMs\" : 60", "\"writeBlockedMs\" : 1632",
                "\"access\" : \"write\"", "\"mode\" : \"MDL_SHARED_NO_WRITE\"", "\"rewrites\" : [ \"instances\" ]",
                "\"impact\" : null");
    }

    @Test
    void shouldReadAResultWrittenBeforeStepsHadAnImpact() throws Exception {
        Path file = dir.resolve(ResultJson.FILE_NAME);
        Files.writeString(file, """
                {"schemaVersion": 1, "dataset": "demo", "verdict": "PASS", "finalVersion": "4",
                 "expectedFinalVersion": "4", "durationMs": 3000, "info": {}, "findings": [],
                 "steps": [{"phase": "upgrade-change", "from": "3", "to": "4", "direction": "up", "ended": true,
                            "durationMs": 2310, "processMs": 2310, "durationSource": "process",
                            "rowsRead": 1, "rowsInserted": 2, "rowsUpdated": 3, "rowsDeleted": 4, "rowsChanged": 9}]}
                """);

        RunResult result = ResultJson.read(file);

        assertThat(result.steps()).singleElement().satisfies(step -> {
            assertThat(step.impact()).isNull();
            assertThat(step.rowsChanged()).isEqualTo(9);
        });
    }
}
