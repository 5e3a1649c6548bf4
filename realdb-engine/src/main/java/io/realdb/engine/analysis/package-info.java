/**
 * Log analysis: {@link io.realdb.engine.analysis.LogReader} reads a run log (realdb's or
 * turbo-hipster's, see {@code docs/log-format.md}) into measured steps and events,
 * {@link io.realdb.engine.analysis.LogJudge} weighs them against a dataset's limits, and
 * {@link io.realdb.engine.analysis.LogAnalyzer} does both and makes the run's result.
 */
package io.realdb.engine.analysis;
