package io.realdb.engine.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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
    void shouldLeaveLinesWithoutEscapesAsTheyAre() {
        assertThat(RunLog.withoutColours("a -> b... ")).isEqualTo("a -> b... ");
        assertThat(RunLog.withoutColours("cut at the end \u001B[")).isEqualTo("cut at the end ");
    }
}
