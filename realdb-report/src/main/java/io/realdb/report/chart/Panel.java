package io.realdb.report.chart;

/**
 * One plot area of a chart, with its own value axis; a chart's panels stand side by side.
 *
 * @param max the top of the value axis, or null to fit the values (a limit line is drawn only
 *            where the axis reaches it)
 */
public record Panel(String title, Double max) {
}
