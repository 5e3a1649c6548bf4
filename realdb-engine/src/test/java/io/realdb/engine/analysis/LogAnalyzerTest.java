package io.realdb.engine.analysis;

import io.realdb.engine.BadInputException;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepLimits;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class LogAnalyzerTest {

    private static final Limits USER_001 = TurboHipsterConfig.limits("/turbo-hipster/datasets/user_001.config.json");

    @Test
    void shouldPassUser001LogAgainstItsOwnLimits() {
        RunResult result = LogAnalyzer.analyze(TurboHipsterLogTest.log("user_001.log"),
                new AnalysisOptions("user_001", USER_001, null).withZone(ZoneOffset.UTC));

        // Its slowest step, 134 -> 135 (59.9 s), is under its own limit of 200 s; the rows of
        // every step are far under 100000; no final version is expected.
        assertThat(result.findings()).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.schemaVersion()).isEqualTo(RunResult.SCHEMA_VERSION);
        assertThat(result.dataset()).isEqualTo("user_001");
        assertThat(result.finalVersion()).isNull();
        assertThat(result.expectedFinalVersion()).isNull();
        assertThat(result.durationMs()).isEqualTo(468_093L);
        assertThat(result.info()).containsExactly(entry("log", "user_001.log"),
                entry("startedAt", "2014-01-16T06:57:33.961Z"), entry("lastReachedVersion", "138"));
        assertThat(result.steps()).extracting(Step::key)
                .containsExactly("133->134", "134->135", "135->136", "136->137", "137->138");
    }

    @Test
    void shouldFailUser001LogWhenItMustReachVersion161() {
        // turbo-hipster's log says "Test will migrate from 133 to 161" but ends after 137 -> 138.
        RunResult result = LogAnalyzer.analyze(TurboHipsterLogTest.log("user_001.log"),
                new AnalysisOptions("user_001", USER_001, "161"));

        assertThat(result.findings()).containsExactly(new Finding(FindingKind.FINAL_VERSION_MISMATCH,
                Severity.FAILURE, "Final schema version not found (expected 161)"));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.expectedFinalVersion()).isEqualTo("161");
    }

    @Test
    void shouldFailLogcontentOnTheStepsOverUser001Limits() {
        // logcontent is a run on the user_001 dataset (written twice); 137 -> 138 took 119.1 s
        // (limit 85) and 148 -> 149 186.3 s (limit 135), in both copies.
        RunResult result = LogAnalyzer.analyze(TurboHipsterLogTest.log("logcontent"),
                new AnalysisOptions("user_001", USER_001, "229"));

        assertThat(result.findings()).extracting(Finding::kind, Finding::message, Finding::step).containsExactly(
                tuple(FindingKind.TOOK_TOO_LONG, "Migration 137->138 took too long (119 s > 85 s)", "137->138"),
                tuple(FindingKind.TOOK_TOO_LONG, "Migration 148->149 took too long (186 s > 135 s)", "148->149"),
                tuple(FindingKind.TOOK_TOO_LONG, "Migration 137->138 took too long (119 s > 85 s)", "137->138"),
                tuple(FindingKind.TOOK_TOO_LONG, "Migration 148->149 took too long (186 s > 135 s)", "148->149"));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.finalVersion()).isEqualTo("229");
    }

    @Test
    void shouldPassDevstackLogAgainstItsConfig() {
        Limits limits = TurboHipsterConfig.limits("/turbo-hipster/datasets/131007_devstack_export.config.json");

        RunResult result = LogAnalyzer.analyze(TurboHipsterLogTest.log("20131007_devstack_export.log"),
                new AnalysisOptions("131007_devstack_export", limits, "228"));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.finalVersion()).isEqualTo("228");
        assertThat(result.steps()).hasSize(286);
    }

    @Test
    void shouldPreferExpectedVersionGivenOverTheLogs() {
        String log = new LogBuilder().realdb("Expected final version is 6").step("5", "6", 10).finalVersion("6").build();

        RunResult fromLog = LogAnalyzer.analyze(new StringReader(log), AnalysisOptions.DEFAULT);
        RunResult overridden = LogAnalyzer.analyze(new StringReader(log), AnalysisOptions.DEFAULT.withExpectedFinalVersion("7"));

        assertThat(fromLog.expectedFinalVersion()).isEqualTo("6");
        assertThat(fromLog.findings()).isEmpty();
        assertThat(overridden.expectedFinalVersion()).isEqualTo("7");
        assertThat(overridden.findings()).extracting(Finding::message)
                .containsExactly("Final schema version 6 does not match expected 7");
    }

    @Test
    void shouldFlagExpectedVersionFromLogThatWasNotReached() {
        String log = new LogBuilder().realdb("Expected final version is 7").step("5", "6", 10).finalVersion("6").build();

        RunResult result = LogAnalyzer.analyze(new StringReader(log), AnalysisOptions.DEFAULT);

        assertThat(result.findings()).extracting(Finding::message)
                .containsExactly("Final schema version 6 does not match expected 7");
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void shouldNameNoLogFileWhenReadingFromReader() {
        RunResult result = LogAnalyzer.analyze(new StringReader(new LogBuilder().step("1", "2", 5).build()),
                AnalysisOptions.of(Limits.NONE).withDataset("tiny").withZone(ZoneOffset.UTC));

        assertThat(result.info()).containsExactly(entry("startedAt", "2014-01-16T07:00:00Z"), entry("lastReachedVersion", "2"));
        assertThat(result.dataset()).isEqualTo("tiny");
        assertThat(result.durationMs()).isEqualTo(5L);
    }

    @Test
    void shouldLeaveOutLastReachedVersionWhenNoStepEnded() {
        RunResult result = LogAnalyzer.analyze(new StringReader(""), AnalysisOptions.DEFAULT);

        assertThat(result.info()).isEmpty();
        assertThat(result.durationMs()).isNull();
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.findings()).extracting(Finding::message).containsExactly("No migrations run");
    }

    @Test
    void shouldShowEveryLineToListener() {
        List<String> lines = new ArrayList<>();

        LogAnalyzer.analyze(TurboHipsterLogTest.log("user_001.log"),
                AnalysisOptions.of(USER_001).withLineListener(lines::add));

        assertThat(lines).hasSize(743);
        assertThat(lines.get(306)).isEqualTo("2014-01-16 07:03:50,708 [output] 133 -> 134...");
    }

    @Test
    void shouldTellWhichLogCannotBeRead(@TempDir Path folder) {
        Path missing = folder.resolve("missing.log");

        assertThatThrownBy(() -> LogAnalyzer.analyze(missing, AnalysisOptions.DEFAULT))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("Cannot read the log " + missing);
    }

    @Test
    void shouldRecordTheLimitsEachStepWasJudgedAgainstWithTheirKeys() {
        Limits limits = new Limits(Map.of("default", 60.0, "2->3", 0.5), Map.of("default", 100_000L), Map.of(), Map.of());
        String log = new LogBuilder().step("1", "2", 10).counters(5, 0, 0, 0).step("2", "3", 700).counters(9, 0, 0, 0).build();

        RunResult result = LogAnalyzer.analyze(new StringReader(log), AnalysisOptions.of(limits));

        assertThat(result.steps()).extracting(Step::limits).containsExactly(
                new StepLimits(new Limit(60_000, "default"), new Limit(100_000, "default"), null),
                new StepLimits(new Limit(500, "2->3"), new Limit(100_000, "default"), null));
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(FindingKind.TOOK_TOO_LONG);
            assertThat(f.phase()).isEqualTo(Phase.UPGRADE);
            assertThat(f.value()).isEqualTo(700L);
            assertThat(f.limit()).isEqualTo(new Limit(500, "2->3"));
            assertThat(f.measure()).isEqualTo("durationMs");
        });
    }

    @Test
    void shouldRecordThatAStepHadNoLimitsWhenTheDatasetSetNone() {
        RunResult result = LogAnalyzer.analyze(new StringReader(new LogBuilder().step("1", "2", 10).build()),
                AnalysisOptions.DEFAULT);

        assertThat(result.steps()).extracting(Step::limits).containsExactly(StepLimits.NONE);
    }

    @Test
    void shouldTimeOldLogsAcrossAChangeOfTheClocksInTheZoneTheyWereWrittenIn() {
        // Local time without a zone, as turbo-hipster and older realdb wrote it, in Berlin when
        // the clocks went forward: 01:59 to 03:01 is two minutes.
        String log = "2026-03-29 01:58:00,000 [realdb] Phase upgrade-change\n"
                + "2026-03-29 01:59:00,000 [output] 3 -> 4...\n"
                + "2026-03-29 03:01:00,000 [output] done\n"
                + "2026-03-29 03:01:30,000 [output] Final schema version is 4\n";

        RunResult berlin = LogAnalyzer.analyze(new StringReader(log), AnalysisOptions.DEFAULT.withZone(ZoneId.of("Europe/Berlin")));
        RunResult utc = LogAnalyzer.analyze(new StringReader(log), AnalysisOptions.DEFAULT.withZone(ZoneOffset.UTC));

        assertThat(berlin.steps().get(0).durationMs()).isEqualTo(120_000L);
        assertThat(berlin.durationMs()).isEqualTo(210_000L);
        assertThat(berlin.info()).containsEntry("startedAt", "2026-03-29T00:58:00Z");
        assertThat(utc.steps().get(0).durationMs()).isEqualTo(62 * 60_000L);
    }

    @Test
    void shouldReadRealdbLogsInUtcWhateverTheZoneGivenForOldOnes() {
        String log = "2026-10-25T00:50:00.000Z [realdb] Phase upgrade-change\n"
                + "2026-10-25T00:50:00.000Z [output] 3 -> 4...\n"
                + "2026-10-25T01:10:00.000Z [output] done\n";

        for (String zone : List.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe")) {
            RunResult result = LogAnalyzer.analyze(new StringReader(log), AnalysisOptions.DEFAULT.withZone(ZoneId.of(zone)));

            assertThat(result.steps().get(0).durationMs()).as(zone).isEqualTo(20 * 60_000L);
            assertThat(result.info()).as(zone).containsEntry("startedAt", "2026-10-25T00:50:00Z");
        }
    }

    @Test
    void shouldUseNoLimitsWhenNoneAreGiven() {
        AnalysisOptions options = new AnalysisOptions(null, null, null).withZone(ZoneOffset.UTC);

        RunResult result = LogAnalyzer.analyze(new StringReader(new LogBuilder().step("1", "2", 999_999).build()), options);

        assertThat(options.limits()).isEqualTo(Limits.NONE);
        assertThat(result.findings()).isEmpty();
        assertThat(result.info()).isEqualTo(Map.of("startedAt", "2014-01-16T07:00:00Z", "lastReachedVersion", "2"));
    }

    @Test
    void shouldCallAFileThatIsNotALogBadInputNamingIt(@TempDir Path dir) throws java.io.IOException {
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.log"), "");
        Path binary = java.nio.file.Files.write(dir.resolve("image.log"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, '\n', 7, 8});
        Path cut = java.nio.file.Files.writeString(dir.resolve("cut.log"),
                "2026-11-29 10:00:00,000 [realdb] realdb run of dataset d (config.json)\n");

        for (Path log : List.of(empty, binary, cut)) {
            assertThatThrownBy(() -> LogAnalyzer.analyze(log, AnalysisOptions.DEFAULT))
                    .as(log.toString())
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining(log.toString());
        }
    }
}
