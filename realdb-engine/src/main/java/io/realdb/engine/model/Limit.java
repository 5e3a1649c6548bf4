package io.realdb.engine.model;

/**
 * One limit a step was judged against, as the run saw it, so that a result explains itself after
 * the dataset's config has changed.
 *
 * @param value in the unit of the step's field it limits: milliseconds for {@code durationMs},
 *              rows for {@code rowsRead} and {@code rowsChanged}; a measurement above it is a finding
 * @param key   where it came from: the step's own config key ({@code "151->152"}),
 *              {@value Limits#DEFAULT_KEY}, or {@value #REGRESSION_KEY} for the bound that the step's
 *              own recent runs set
 */
public record Limit(long value, String key) {

    /** The key of a bound set by a step's history, from the dataset config's {@code regression} section. */
    public static final String REGRESSION_KEY = "regression";
}
