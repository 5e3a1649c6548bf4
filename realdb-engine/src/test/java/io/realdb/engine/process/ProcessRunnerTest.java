package io.realdb.engine.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessRunnerTest {

    @TempDir
    Path dir;

    @Test
    void shouldCutAHugeLineSoThatMemoryStaysBounded() throws Exception {
        List<String> lines = new ArrayList<>();
        // 200 MB without a newline, then an ordinary line.
        ProcessRunner.Outcome outcome = ProcessRunner.run(List.of("sh", "-c",
                        "head -c 200000000 /dev/zero | tr '\\0' x; echo; echo after"),
                dir, Map.of("PATH", "/usr/bin:/bin"), Duration.ofMinutes(2), (stderr, line) -> lines.add(line));

        assertThat(outcome.exitCode()).isZero();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSizeLessThan(ProcessRunner.MAX_LINE_LENGTH + 100)
                .endsWith("[line cut at " + ProcessRunner.MAX_LINE_LENGTH + " characters]");
        assertThat(lines.get(0)).startsWith("xxxxxxxx");
        assertThat(lines.get(1)).isEqualTo("after");
    }
}
