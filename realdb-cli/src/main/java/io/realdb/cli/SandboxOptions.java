package io.realdb.cli;

import io.realdb.engine.runner.TimeBudget;
import io.realdb.engine.sandbox.Isolation;
import picocli.CommandLine.Option;

import java.time.Duration;

/** How migration commands are isolated and how long each step may run. */
final class SandboxOptions {

    @Option(names = "--isolation", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, unshare, netns or none. auto: unshare (no network at all, rootless) for a database on a "
                    + "socket, netns (root: a veth link to the database only) for one over TCP. Isolation is never "
                    + "dropped silently: when it cannot be had the run stops; none must be chosen. Default: ${DEFAULT-VALUE}.")
    String isolation = "auto";

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

    TimeBudget budget() {
        if (timeFactor <= 0 || minStepSeconds < 0 || maxStepSeconds <= 0) {
            throw new io.realdb.engine.BadInputException("--time-factor and --max-step-time must be above 0, "
                    + "--min-step-time at least 0");
        }
        return new TimeBudget(timeFactor, Duration.ofSeconds(minStepSeconds), Duration.ofSeconds(maxStepSeconds));
    }
}
