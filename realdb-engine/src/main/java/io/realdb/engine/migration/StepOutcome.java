package io.realdb.engine.migration;

/** How one migration step ended, when the tool could tell. */
public record StepOutcome(Kind kind, String reason) {

    public enum Kind {
        /** The step completed. */
        DONE,
        /** The step ran and failed: the change's migration is at fault. */
        FAILED,
        /** The tool could not be started at all. */
        NOT_RUN
    }

    public static StepOutcome done() {
        return new StepOutcome(Kind.DONE, null);
    }

    public static StepOutcome failed(String reason) {
        return new StepOutcome(Kind.FAILED, reason);
    }

    public static StepOutcome notRun(String reason) {
        return new StepOutcome(Kind.NOT_RUN, reason);
    }

    /** The reason of a step that was killed for running over its time budget. */
    public static String killedAfter(java.time.Duration elapsed, java.time.Duration budget) {
        return String.format(java.util.Locale.ROOT, "killed after %.1f s, over its time budget of %.1f s",
                elapsed.toMillis() / 1000.0, budget.toMillis() / 1000.0);
    }

    public boolean isDone() {
        return kind == Kind.DONE;
    }
}
