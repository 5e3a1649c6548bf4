/**
 * From a run and the runs of its dataset before it to charts: a trend per migration step
 * (duration, rows read, rows changed, with this run marked and the limit drawn) and a
 * comparison of steps across datasets and engines.
 */
package io.realdb.report.trend;
