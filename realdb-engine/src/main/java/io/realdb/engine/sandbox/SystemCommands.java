package io.realdb.engine.sandbox;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.process.ProcessRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the short system commands that set sandboxes up and tear them down. */
final class SystemCommands {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SystemCommands() {
    }

    /** Runs a command that must succeed; its output goes into the exception when it does not. */
    static void run(String... command) {
        StringBuilder output = new StringBuilder();
        ProcessRunner.Outcome outcome;
        try {
            outcome = ProcessRunner.run(List.of(command), Path.of("/"), Map.of("PATH", PATH), Duration.ofSeconds(30),
                    (stderr, line) -> output.append(line).append('\n'));
        } catch (ProcessRunner.LaunchException e) {
            throw new InfrastructureException("cannot run " + command[0] + ": " + e.getMessage(), e);
        }
        if (!outcome.succeeded()) {
            throw new InfrastructureException("'" + String.join(" ", command) + "' failed"
                    + (outcome.timedOut() ? " (timed out)" : " with exit code " + outcome.exitCode())
                    + ": " + output.toString().strip());
        }
    }

    /** Like {@link #run} but for tear-down: failures are returned, not thrown. */
    static String tryRun(String... command) {
        try {
            run(command);
            return null;
        } catch (InfrastructureException e) {
            return e.getMessage();
        }
    }

    /** Whether a command succeeds: for probing what this machine can do. */
    static boolean works(String... command) {
        return tryRun(command) == null;
    }

    static boolean onPath(String program) {
        return locate(program) != null;
    }

    /** The program's absolute path in the system's folders, or null. */
    static String locate(String program) {
        return Stream.of(PATH.split(":")).map(dir -> Path.of(dir, program)).filter(Files::isExecutable)
                .map(Path::toString).findFirst().orElse(null);
    }

    static boolean isRoot() {
        try {
            return "0".equals(Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.split("\\s+")[1]).orElse(""));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
