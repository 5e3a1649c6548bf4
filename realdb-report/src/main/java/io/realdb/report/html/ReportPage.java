package io.realdb.report.html;

import io.realdb.engine.history.DatasetSummary;
import io.realdb.engine.model.RunResult;
import io.realdb.report.chart.Chart;
import io.realdb.report.trend.ReportedLimits;
import io.realdb.report.trend.StepTrend;
import io.realdb.report.trend.TrendRun;

import java.time.Instant;
import java.util.List;

/**
 * Everything report.html shows: one section per reported run (one per dataset), the comparison
 * across datasets and engines, and what the history holds.
 *
 * @param history    where the history is, for people; null when there is none
 * @param comparison null when the history knows none of the steps
 * @param notes      what went wrong around the report (an unreachable history), for people
 * @param pageSize   trend charts per page
 */
public record ReportPage(
        Instant generatedAt,
        String history,
        List<Section> sections,
        Chart comparison,
        List<DatasetSummary> datasets,
        List<String> notes,
        int pageSize) {

    public ReportPage {
        sections = List.copyOf(sections);
        datasets = List.copyOf(datasets);
        notes = List.copyOf(notes);
    }

    /**
     * One reported run.
     *
     * @param runs       the runs on its trends, oldest first, this one among them
     * @param trends     one per distinct step of the run, in run order
     * @param limits     the limits its steps were judged against, and the dataset's now when given
     * @param trendScope which runs the trends show, for people
     */
    public record Section(
            RunResult result,
            ReportedLimits limits,
            String reviewLine,
            String buildId,
            String buildUrl,
            Instant startedAt,
            List<TrendRun> runs,
            List<StepTrend> trends,
            String trendScope) {

        public Section {
            limits = limits == null ? ReportedLimits.NONE : limits;
            runs = List.copyOf(runs);
            trends = List.copyOf(trends);
        }
    }
}
