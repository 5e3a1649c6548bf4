package io.realdb.cli;

import io.realdb.engine.runner.TimeBudget;
import io.realdb.engine.sandbox.Isolation;
import io.realdb.engine.sandbox.ResourceLimits;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How migration commands are isolated, what they may take, and how long each step may run. */
final class SandboxOptions {

    @Option(names = "--isolation", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, bwrap, unshare, netns or none. auto is bwrap (bubblewrap: no network, a read-only "
                    + "system, a copy of the checkout, the database's socket only, resource limits); when bwrap is "
                    + "missing or cannot work the run stops. The weaker kinds run only when named: unshare (no network, "
                    + "rootless, socket databases), netns (root: a veth link to the database only), none. "
                    + "Default: ${DEFAULT-VALUE}.")
    String isolation = "auto";

    @Option(names = "--max-memory", paramLabel = "MIB",
            description = "Address space of each process of a migration command, in MiB. A JVM reserves about 3 GiB "
                    + "of it and uses a fraction. Default: 4096.")
    long maxMemoryMib = ResourceLimits.DEFAULT.memoryMib();

    @Option(names = "--max-processes", paramLabel = "N",
            description = "Processes and threads a migration command may have at once. Default: 256.")
    long maxProcesses = ResourceLimits.DEFAULT.processes();

    @Option(names = "--max-file-size", paramLabel = "MIB",
            description = "The largest file a migration command may write, in MiB; also what its /tmp and its copy "
                    + "of the checkout may hold beyond what they start with. Default: 512.")
    long maxFileMib = ResourceLimits.DEFAULT.fileMib();

    @Option(names = "--max-cpu-time", paramLabel = "SECONDS",
            description = "CPU time of each process of a migration command. Default: 3600.")
    long maxCpuSeconds = ResourceLimits.DEFAULT.cpuSeconds();

    @Option(names = "--time-factor", paramLabel = "FACTOR",
            description = "A step is killed after its time limit times this factor. Default: 3.")
    double timeFactor = TimeBudget.DEFAULT.factor();

    @Option(names = "--min-step-time", paramLabel = "SECONDS",
            description = "No step is killed sooner than this. Default: 60.")
    long minStepSeconds = TimeBudget.DEFAULT.floor().toSeconds();

    @Option(names = "--max-step-time", paramLabel = "SECONDS",
            description = "No step runs longer than this; steps without a limit get it. Default: 7200.")
    long maxStepSeconds = TimeBudget.DEFAULT.maximum().toSeconds();

    Isolation isolation() {
        return Isolation.fromId(isolation);
    }

    /** The limits apply in the bwrap sandbox; the weaker isolations say in the log that they have none. */
    ResourceLimits limits() {
        if (maxMemoryMib <= 0 || maxProcesses <= 0 || maxFileMib <= 0 || maxCpuSeconds <= 0) {
            throw new io.realdb.engine.BadInputException("--max-memory, --max-processes, --max-file-size and "
                    + "--max-cpu-time must be above 0");
        }
        return new ResourceLimits(maxMemoryMib, maxProcesses, maxFileMib, maxCpuSeconds);
    }

    TimeBudget budget() {
        if (timeFactor <= 0 || minStepSeconds < 0 || maxStepSeconds <= 0) {
            throw new io.realdb.engine.BadInputException("--time-factor and --max-step-time must be above 0, "
                    + "--min-step-time at least 0");
        }
        return new TimeBudget(timeFactor, Duration.ofSeconds(minStepSeconds), Duration.ofSeconds(maxStepSeconds));
    }
}
