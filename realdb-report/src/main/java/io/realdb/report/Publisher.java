package io.realdb.report;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.history.DatasetSummary;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.RunDigest;
import io.realdb.engine.history.RunQuery;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.history.StepStats;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.report.chart.Chart;
import io.realdb.report.html.HtmlReport;
import io.realdb.report.html.ReportPage;
import io.realdb.report.junit.JUnitReport;
import io.realdb.report.trend.Comparison;
import io.realdb.report.trend.ReportedLimits;
import io.realdb.report.trend.StepTrend;
import io.realdb.report.trend.StepTrends;
import io.realdb.report.trend.TrendRun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run publishes after it ran: it records the run in the history, then writes report.html
 * (the run with its trends), junit.xml and the review message file. Each is a function of the
 * results and the history. Trouble with the history is reported and leaves the verdict alone.
 */
public final class Publisher {

    public static final int DEFAULT_TREND_RUNS = 200;
    public static final int DEFAULT_MAX_POINTS = 250;
    public static final int DEFAULT_PAGE_SIZE = 10;

    /**
     * @param limits    per dataset name, the dataset's limits as they are now: drawn for results that do not
     *                  keep the limits they were judged against (schema version 1), and named where they
     *                  changed since a result's run; missing datasets are shown with their results' limits
     * @param record    whether to record the results in the history first
     * @param trendRuns how many of a dataset's newest runs its trends show
     * @param maxPoints about how many runs a chart shows at most; more are downsampled
     * @param pageSize  trend charts per page
     */
    public record Request(List<RunResult> results, Map<String, Limits> limits, Path outDir, String job,
                          String reportUrl, String buildId, String buildUrl, boolean record, int trendRuns,
                          int maxPoints, int pageSize) {

        public Request {
            results = List.copyOf(results);
            limits = Map.copyOf(limits);
            job = job == null ? ReviewMessage.DEFAULT_JOB : job;
            if (trendRuns < 1 || maxPoints < 4 || pageSize < 1) {
                throw new IllegalArgumentException("trend runs, points and page size must be positive");
            }
        }

        public static Request of(List<RunResult> results, Path outDir) {
            return new Request(results, Map.of(), outDir, null, null, null, null, true,
                    DEFAULT_TREND_RUNS, DEFAULT_MAX_POINTS, DEFAULT_PAGE_SIZE);
        }

        public Request withLimits(Map<String, Limits> byDataset) {
            return new Request(results, byDataset, outDir, job, reportUrl, buildId, buildUrl, record, trendRuns, maxPoints, pageSize);
        }

        public Request withBuild(String id, String url) {
            return new Request(results, limits, outDir, job, reportUrl, id, url, record, trendRuns, maxPoints, pageSize);
        }

        public Request withReview(String jobName, String url) {
            return new Request(results, limits, outDir, jobName, url, buildId, buildUrl, record, trendRuns, maxPoints, pageSize);
        }

        public Request recording(boolean on) {
            return new Request(results, limits, outDir, job, reportUrl, buildId, buildUrl, on, trendRuns, maxPoints, pageSize);
        }

        public Request withTrends(int runs, int points, int perPage) {
            return new Request(results, limits, outDir, job, reportUrl, buildId, buildUrl, record, runs, points, perPage);
        }
    }

    /**
     * @param recorded the history's answer per recorded result
     * @param warnings what went wrong with the history, for people; the files were written all the same
     */
    public record Publication(Path report, Path junit, Path reviewMessage, List<HistoryStore.Recorded> recorded,
                              List<String> warnings) {
    }

    private final HistoryStore history;
    private final Clock clock;

    /** @param history where runs are recorded and trends read from, or null for none */
    public Publisher(HistoryStore history) {
        this(history, Clock.systemUTC());
    }

    public Publisher(HistoryStore history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    public Publication publish(Request request) {
        List<String> warnings = new ArrayList<>();
        List<HistoryStore.Recorded> recorded = new ArrayList<>();
        try {
            Files.createDirectories(request.outDir());
        } catch (IOException e) {
            throw new InfrastructureException("cannot create " + request.outDir() + ": " + e.getMessage(), e);
        }
        if (history != null && request.record()) {
            for (RunResult result : request.results()) {
                try {
                    recorded.add(history.record(record(result, request)));
                } catch (InfrastructureException e) {
                    warnings.add("the run of " + result.dataset() + " was not recorded in the history: " + e.getMessage());
                }
            }
        }
        ReportPage page = page(request, warnings);
        Path report = request.outDir().resolve(HtmlReport.FILE_NAME);
        HtmlReport.write(page, report);
        Path junit = request.outDir().resolve(JUnitReport.FILE_NAME);
        JUnitReport.write(request.results(), junit);
        Path review = request.outDir().resolve(ReviewMessage.FILE_NAME);
        try {
            Files.writeString(review, ReviewMessage.lines(request.job(), request.results(), request.reportUrl()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + review + ": " + e.getMessage(), e);
        }
        return new Publication(report, junit, review, recorded, warnings);
    }

    private RunRecord record(RunResult result, Request request) {
        return RunRecord.from(result)
                .ciBuild(request.buildId(), request.buildUrl())
                .startedAtIfMissing(clock.instant())
                .build();
    }

    /** The page of a request, reading the history; what cannot be read becomes a note on the page. */
    ReportPage page(Request request, List<String> warnings) {
        List<ReportPage.Section> sections = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (RunResult result : request.results()) {
            sections.add(section(result, request, warnings));
            result.steps().stream().map(Step::key).forEach(keys::add);
        }
        List<String> notes = new ArrayList<>();
        sections.stream().flatMap(s -> s.runs().stream()).map(TrendRun::sample).filter(java.util.Objects::nonNull)
                .findFirst().ifPresent(made -> notes.add("sample history: " + made + ". The earlier runs on the trends "
                        + "were made up to show what the charts do, not measured; real runs fill the history as they run."));
        Chart comparison = null;
        List<DatasetSummary> datasets = List.of();
        if (history != null) {
            try {
                List<StepStats> stats = history.stepStats();
                RunResult first = request.results().isEmpty() ? null : request.results().get(0);
                comparison = first == null ? null : Comparison.chart(stats, List.copyOf(keys), first.dataset(),
                        first.info().get("engine")).orElse(null);
                datasets = history.datasets();
            } catch (InfrastructureException e) {
                warnings.add("the history could not be read: " + e.getMessage());
            }
        }
        notes.addAll(warnings);
        return new ReportPage(clock.instant(), history == null ? null : history.describe(), sections, comparison,
                datasets, notes, request.pageSize());
    }

    private ReportPage.Section section(RunResult result, Request request, List<String> warnings) {
        Instant started = startedAt(result);
        String engine = result.info().get("engine");
        List<TrendRun> runs = new ArrayList<>();
        String scope;
        if (history == null || result.dataset() == null) {
            scope = "this run only: no history";
        } else {
            List<RunRecord> past = List.of();
            try {
                RunQuery query = RunQuery.latest(result.dataset(), request.trendRuns() - 1).excluding(RunDigest.of(result));
                past = history.runs(engine == null ? query : query.onEngine(engine));
            } catch (InfrastructureException e) {
                warnings.add("the history could not be read: " + e.getMessage());
            }
            for (int i = past.size() - 1; i >= 0; i--) {
                runs.add(TrendRun.past(past.get(i)));
            }
            scope = past.isEmpty()
                    ? "no earlier runs of " + result.dataset() + (engine == null ? "" : " on " + engine) + " in the history"
                    : "the last " + (past.size() + 1) + " runs of " + result.dataset()
                            + (engine == null ? "" : " on " + engine) + ", this one included" + sampleNote(runs);
        }
        runs.add(TrendRun.current(result, started, request.buildId(), request.buildUrl()));
        runs.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
        ReportedLimits limits = ReportedLimits.of(result,
                result.dataset() == null ? null : request.limits().get(result.dataset()));
        StepTrends trends = new StepTrends(limits, request.maxPoints());
        List<StepTrend> stepTrends = trends.trends(runs, reviewOrder(result));
        return new ReportPage.Section(result, limits, ReviewMessage.line(request.job(), result, request.reportUrl()),
                request.buildId(), request.buildUrl(), started, runs, stepTrends, scope);
    }

    /**
     * What the trends say of earlier runs that were made up, not measured (the demo's sample
     * history), so that nobody takes them for real runs.
     */
    static String sampleNote(List<TrendRun> runs) {
        List<TrendRun> samples = runs.stream().filter(r -> r.sample() != null).toList();
        if (samples.isEmpty()) {
            return "";
        }
        return " · sample history: " + samples.size() + (samples.size() == 1 ? " run " : " runs ")
                + samples.get(0).sample() + ", not measured";
    }

    /**
     * The steps in the order a reviewer wants them: those a finding names, then the change's own
     * migrations, then the rest, each group in the order the run ran them.
     */
    static List<String> reviewOrder(RunResult result) {
        Set<String> flagged = new LinkedHashSet<>();
        Set<String> change = new LinkedHashSet<>();
        Set<String> rest = new LinkedHashSet<>();
        for (Finding finding : result.findings()) {
            if (finding.stepIndex() != null && finding.stepIndex() < result.steps().size()) {
                flagged.add(result.steps().get(finding.stepIndex()).key());
            }
        }
        for (Step step : result.steps()) {
            (step.phase() == Phase.UPGRADE_CHANGE ? change : rest).add(step.key());
        }
        Set<String> order = new LinkedHashSet<>(flagged);
        order.addAll(change);
        order.addAll(rest);
        return List.copyOf(order);
    }

    private Instant startedAt(RunResult result) {
        String text = result.info().get("startedAt");
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // A result from elsewhere with its own time format: the report's time stands in.
            }
        }
        return clock.instant();
    }
}
