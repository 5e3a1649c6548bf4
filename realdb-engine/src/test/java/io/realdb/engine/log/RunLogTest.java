package io.realdb.engine.log;

import io.realdb.engine.analysis.AnalysisOptions;
import io.realdb.engine.analysis.LogAnalyzer;
import io.realdb.engine.model.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

class RunLogTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeColourCodesOutOfToolOutputBeforeWritingIt() throws Exception {
        Path file = dir.resolve("realdb.log");
        try (RunLog log = RunLog.create(file, Sanitizer.standard(), null)) {
            log.toolOutput(true, "\u001B[32mINFO\u001B[0m  [alembic] \u001B[1;33mRunning upgrade\u001B[0m a -> b");
            log.toolOutput(false, "\u001B]0;title\u0007plain \u001B(Bdone\u001B[K");
        }

        assertThat(Files.readString(file))
                .contains("[stderr] INFO  [alembic] Running upgrade a -> b")
                .contains("[stdout] plain done")
                .doesNotContain("\u001B");
    }

    @Test
    void shouldStampLinesInUtcWhateverTheMachinesZone() throws Exception {
        Path file = dir.resolve("realdb.log");
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try (RunLog log = RunLog.create(file, Sanitizer.standard(), null,
                Clock.fixed(Instant.parse("2026-11-29T19:49:43.084Z"), ZoneId.of("Pacific/Auckland")))) {
            log.note("hello");
        } finally {
            TimeZone.setDefault(zone);
        }

        assertThat(Files.readString(file)).isEqualTo("2026-11-29T19:49:43.084Z [realdb] hello\n");
    }

    @Test
    void shouldWriteLogsWhoseDurationsAreRightAcrossAChangeOfTheClocks() throws Exception {
        Path file = dir.resolve("realdb.log");
        MutableClock clock = new MutableClock(Instant.parse("2026-10-25T00:50:00Z"));
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        RunResult result;
        try {
            try (RunLog log = RunLog.create(file, Sanitizer.standard(), null, clock)) {
                log.stepStart("3", "4");
                clock.now = Instant.parse("2026-10-25T01:10:00Z");
                log.stepDone();
            }
            result = LogAnalyzer.analyze(file, AnalysisOptions.DEFAULT);
        } finally {
            TimeZone.setDefault(zone);
        }

        // 02:50 summer time to 02:10 winter time in Berlin: twenty minutes.
        assertThat(result.steps().get(0).durationMs()).isEqualTo(20 * 60_000L);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldLeaveLinesWithoutEscapesAsTheyAre() {
        assertThat(RunLog.withoutColours("a -> b... ")).isEqualTo("a -> b... ");
        assertThat(RunLog.withoutColours("cut at the end \u001B[")).isEqualTo("cut at the end ");
    }
}
