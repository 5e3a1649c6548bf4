package io.realdb.engine.model;

/**
 * When a step is flagged for being far above its own recent runs, before it reaches a limit: the
 * dataset config's {@code regression} section.
 *
 * @param enabled    false when the dataset turned the comparison off
 * @param factor     a value above this many times the median of the step's recent runs is flagged
 * @param runs       how many of the dataset's latest runs on the same engine the median is taken over
 * @param minRuns    a step measured in fewer of them is not judged: its median says too little
 * @param minSeconds a duration must also be this many seconds above the median, so that 0.2 s
 *                   against 0.1 s is not flagged
 * @param minRows    rows read or changed must also be this many above the median
 */
public record RegressionPolicy(boolean enabled, double factor, int runs, int minRuns, double minSeconds, long minRows) {

    public static final RegressionPolicy DEFAULT = new RegressionPolicy(true, 2.0, 30, 10, 5.0, 1000);

    public static final RegressionPolicy OFF = new RegressionPolicy(false, DEFAULT.factor, DEFAULT.runs,
            DEFAULT.minRuns, DEFAULT.minSeconds, DEFAULT.minRows);

    public RegressionPolicy {
        if (!(factor > 1.0) || runs < 1 || minRuns < 1 || minRuns > runs || minSeconds < 0 || minRows < 0) {
            throw new IllegalArgumentException("a regression policy needs factor > 1, 1 <= min runs <= runs, "
                    + "and minimum differences of at least 0");
        }
    }
}
