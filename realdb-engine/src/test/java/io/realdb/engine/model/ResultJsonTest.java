package io.realdb.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultJsonTest {

    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(ResultJsonTest.class.getResource("/results/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldReadAResultOfSchemaVersion1WithoutLimitsOrPhasesOfFindings() {
        RunResult result = ResultJson.read(resource("schema-1.result.json"));

        assertThat(result.schemaVersion()).isEqualTo(1);
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.steps()).hasSize(6).allSatisfy(step -> assertThat(step.limits()).isNull());
        assertThat(result.findings()).extracting(Finding::step, Finding::stepIndex, Finding::phase, Finding::value)
                .containsExactly(org.assertj.core.api.Assertions.tuple("3->4", 1, null, null),
                        org.assertj.core.api.Assertions.tuple("3->4", 5, null, null));
    }

    @Test
    void shouldWriteAResultOfSchemaVersion1BackAsItWas() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Path file = resource("schema-1.result.json");

        JsonNode again = mapper.readTree(ResultJson.toJson(ResultJson.read(file)));

        assertThat(again).isEqualTo(mapper.readTree(file.toFile()));
    }

    @Test
    void shouldKeepEachStepsLimitsAndWhatEachFindingMeasured() throws Exception {
        Step step = Step.of(Phase.UPGRADE_CHANGE, "151", "152", true, 412_000L, new RowCounts(5, 0, 1, 0))
                .withLimits(new StepLimits(new Limit(333_000, "151->152"), new Limit(100_000, "default"), null));
        Finding finding = Finding.ofMeasurement(FindingKind.TOOK_TOO_LONG, Severity.FAILURE,
                "Migration 151->152 took too long (412 s > 333 s)", step, 0, 412_000, step.limits().durationMs(), null);
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, "d", Verdict.FAIL, "152", "152", 420_000L, Map.of(),
                List.of(finding), List.of(step));
        Path file = dir.resolve("result.json");

        ResultJson.write(result, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());

        assertThat(ResultJson.read(file)).isEqualTo(result);
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(json.at("/steps/0/limits/durationMs/value").asLong()).isEqualTo(333_000);
        assertThat(json.at("/steps/0/limits/durationMs/key").asText()).isEqualTo("151->152");
        assertThat(json.at("/steps/0/limits/rowsRead/key").asText()).isEqualTo("default");
        assertThat(json.at("/steps/0/limits/rowsChanged").isNull()).isTrue();
        assertThat(json.at("/findings/0/phase").asText()).isEqualTo("upgrade-change");
        assertThat(json.at("/findings/0/measure").asText()).isEqualTo("durationMs");
        assertThat(json.at("/findings/0/value").asLong()).isEqualTo(412_000);
        assertThat(json.at("/findings/0/limit/value").asLong()).isEqualTo(333_000);
        assertThat(json.at("/findings/0/limit/key").asText()).isEqualTo("151->152");
        assertThat(json.at("/findings/0").has("baseline")).isFalse();
    }

    private static final StepImpact IMPACT = new StepImpact(60, 1_632, 260, 1_832,
            List.of(new StepImpact.BlockedTable("instances", StepImpact.Access.WRITE, 1_632, 1_832, 1)),
            List.of(new StepImpact.TableLock("instances", "MDL_SHARED_NO_WRITE")), List.of("instances"), 200, 40, 7);

    @Test
    void shouldWriteAStepsImpactAndReadItBack() throws Exception {
        Step step = Step.of(Phase.UPGRADE_CHANGE, "3", "4", true, 2_310L, new RowCounts(1, 2, 3, 4)).withImpact(IMPACT);
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, "demo", Verdict.PASS, "4", "4", 3_000L, Map.of(),
                List.of(), List.of(step, Step.of(Phase.UPGRADE_CHANGE, "4", "5", true, 10L, null)));
        Path file = dir.resolve(ResultJson.FILE_NAME);

        ResultJson.write(result, file);

        assertThat(ResultJson.read(file)).isEqualTo(result);
        assertThat(ResultJson.toJson(result)).contains("\"impact\" : {", "\"readBlockedMs\" : 60", "\"writeBlockedMs\" : 1632",
                "\"access\" : \"write\"", "\"mode\" : \"MDL_SHARED_NO_WRITE\"", "\"rewrites\" : [ \"instances\" ]");
        assertThat(new ObjectMapper().readTree(ResultJson.toJson(result)).at("/steps/1").has("impact")).isFalse();
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
