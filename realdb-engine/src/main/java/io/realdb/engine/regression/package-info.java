/**
 * Regressions: a step far above its own recent runs, though within its limits.
 * {@link io.realdb.engine.regression.RegressionJudge} compares a run's steps with earlier runs'
 * (a pure function of the two), and {@link io.realdb.engine.regression.RegressionCheck} reads the
 * earlier runs from the history and adds the judge's findings to a result.
 */
package io.realdb.engine.regression;
