package io.realdb.engine.limits;

import io.realdb.engine.BadInputException;

/**
 * How limits are learned.
 *
 * @param percentile  of observed durations, nearest rank (95: the 95th of 100 sorted samples)
 * @param slack       added to that percentile, as a fraction (0.25: a quarter more)
 * @param minSeconds  no learned duration limit is lower
 * @param rowsSlack   added to the most rows observed, as a fraction
 * @param rowsDigits  rows are rounded up to this many significant digits (2: 3,412,345 becomes 3,500,000)
 * @param minRows     no learned row limit is lower
 * @param minSamples  steps with fewer samples keep the limit they have
 * @param runs        learn from at most this many of the dataset's newest runs
 * @param tighten     also give a step its own limit when the learned one is below the default;
 *                    without it, a step whose learned limit the default covers needs no key of its own
 */
public record LearningOptions(
        double percentile,
        double slack,
        double minSeconds,
        double rowsSlack,
        int rowsDigits,
        long minRows,
        int minSamples,
        int runs,
        boolean tighten) {

    public static final LearningOptions DEFAULT = new LearningOptions(95, 0.25, 1, 0, 2, 1000, 10, 200, false);

    public LearningOptions {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new BadInputException("the percentile must be above 0 and at most 100, not " + percentile);
        }
        if (slack < 0 || rowsSlack < 0) {
            throw new BadInputException("slack must be at least 0");
        }
        if (minSeconds < 0 || minRows < 0) {
            throw new BadInputException("the smallest limits must be at least 0");
        }
        if (rowsDigits < 1) {
            throw new BadInputException("rows must be rounded to at least 1 significant digit, not " + rowsDigits);
        }
        if (minSamples < 1) {
            throw new BadInputException("at least 1 sample is needed to learn a limit, not " + minSamples);
        }
        if (runs < 1) {
            throw new BadInputException("learning needs at least 1 run, not " + runs);
        }
    }
}
