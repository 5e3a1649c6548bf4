package io.realdb.engine.migration;

import java.time.Duration;
import java.util.Locale;

/**
 * How one migration step ended, when the tool could tell.
 *
 * @param process how long the step's process ran, or null when realdb did the step itself
 */
public record StepOutcome(Kind kind, String reason, Duration process) {

    public enum Kind {
        /** The step completed. */
        DONE,
        /** The step ran and failed: the change's migration is at fault. */
        FAILED,
        /** The tool could not be started at all. */
        NOT_RUN
    }

    public static StepOutcome done() {
        return new StepOutcome(Kind.DONE, null, null);
    }

    public static StepOutcome failed(String reason) {
        return new StepOutcome(Kind.FAILED, reason, null);
    }

    public static StepOutcome notRun(String reason) {
        return new StepOutcome(Kind.NOT_RUN, reason, null);
    }

    /** The same outcome, for a step that ran as a process for {@code elapsed}. */
    public StepOutcome ranFor(Duration elapsed) {
        return new StepOutcome(kind, reason, elapsed);
    }

    /** The reason of a step that was killed for running over its time budget. */
    public static String killedAfter(Duration elapsed, Duration budget) {
        return String.format(Locale.ROOT, "killed after %.1f s, over its time budget of %.1f s",
                elapsed.toMillis() / 1000.0, budget.toMillis() / 1000.0);
    }

    public boolean isDone() {
        return kind == Kind.DONE;
    }
}
