package io.realdb.engine.limits;

/**
 * What learning concluded for one limit of one step.
 *
 * @param samples   how many measurements it learned from
 * @param observed  the percentile of durations (seconds) or the most rows; null with no samples
 * @param before    the step's own limit before, or null when the default applied
 * @param fallback  the default, or null when the config has none
 * @param after     the step's own limit after, or null when the default applies
 */
public record LimitSuggestion(
        LimitKind kind,
        String step,
        int samples,
        Double observed,
        Number before,
        Number fallback,
        Number after,
        Outcome outcome) {

    public enum Outcome {
        /** The step gets a limit of its own. */
        ADDED,
        /** The step's own limit changes. */
        CHANGED,
        /** The step's own limit is already what was learned. */
        UNCHANGED,
        /** The default covers what was learned: the step's own limit goes. */
        REMOVED,
        /** The default covers what was learned, and the step has no limit of its own. */
        DEFAULT_SUFFICES,
        /** Too few samples to learn from: the step keeps what it has. */
        TOO_FEW_SAMPLES;

        public boolean changesTheConfig() {
            return this == ADDED || this == CHANGED || this == REMOVED;
        }
    }
}
