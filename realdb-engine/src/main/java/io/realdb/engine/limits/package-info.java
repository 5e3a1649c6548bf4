/**
 * Learning limits from the history: a high percentile of observed durations plus slack, and the
 * most rows observed, rounded up. Suggestions only; writing them into a dataset config is
 * {@link io.realdb.engine.dataset.DatasetConfigEditor}'s.
 */
package io.realdb.engine.limits;
