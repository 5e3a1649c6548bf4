package io.realdb.engine.analysis;

/**
 * Something the log says went wrong, as read; {@link LogJudge} decides what it weighs.
 *
 * @param stepIndex the index in {@link LogReading#steps()} of the step it is about, or
 *                  {@link #NO_STEP} for trouble of the whole run
 * @param reason    what the log gave as the cause, or null when it gave none
 * @param at        the timestamp of the line it was read from as written there (for
 *                  {@link Type#END_NOT_FOUND}: the step's start)
 */
public record LogEvent(Type type, int stepIndex, String reason, String at) {

    public static final int NO_STEP = -1;

    public enum Type {
        /** A step started and something other than its {@code done} came next. */
        MIGRATION_NOT_ENDED,
        /** The log ended while a step was running. */
        END_NOT_FOUND,
        SEED_RESTORE_FAILED,
        TOOL_NOT_RUN,
        INFRASTRUCTURE_ERROR
    }
}
