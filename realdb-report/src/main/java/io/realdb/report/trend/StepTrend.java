package io.realdb.report.trend;

import io.realdb.report.chart.Chart;

/**
 * The trend of one migration step.
 *
 * @param runs  how many runs ran the step, this one included
 * @param shown how many of them the chart shows after downsampling
 */
public record StepTrend(String key, Chart chart, int runs, int shown) {
}
