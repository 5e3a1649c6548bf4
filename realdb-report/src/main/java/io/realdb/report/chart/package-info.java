/**
 * Charts modelled in Java: a {@link io.realdb.report.chart.Chart} holds its data set, panels,
 * series and marks (this run, the limit), and {@link io.realdb.report.chart.EChartsOption} turns
 * it into the option JSON that ECharts draws as it is. The page adds nothing but the drawing.
 */
package io.realdb.report.chart;
