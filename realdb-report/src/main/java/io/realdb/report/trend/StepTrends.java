package io.realdb.report.trend;

import io.realdb.engine.model.Direction;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.StepKey;
import io.realdb.report.chart.Chart;
import io.realdb.report.chart.DataSet;
import io.realdb.report.chart.Downsampling;
import io.realdb.report.chart.Mark;
import io.realdb.report.chart.Panel;
import io.realdb.report.chart.Series;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the trend chart of each step: three panels (duration, rows read, rows changed), one
 * line per pass (the first upgrade, and the upgrade again after the downgrade), this run marked
 * and the step's limit drawn where the axis reaches it. Where any run probed the step, a fourth
 * panel shows how long its first pass blocked writes and reads, against the block limits.
 */
public final class StepTrends {

    /**
     * Data set dimensions: the run's time and index, then each metric of both passes, then whether a
     * finding named the step, then the seconds the first pass blocked writes and reads (null where it
     * was not probed).
     */
    public static final List<String> DIMENSIONS = List.of("time", "run",
            "duration", "durationAgain", "rowsRead", "rowsReadAgain", "rowsChanged", "rowsChangedAgain", "finding",
            "writeBlocked", "readBlocked");

    public static final String UP_COLOR = "#2563eb";
    public static final String AGAIN_COLOR = "#a855f7";
    public static final String DOWN_COLOR = "#0d9488";
    public static final String WRITE_BLOCKED_COLOR = "#ea580c";
    public static final String READ_BLOCKED_COLOR = "#ca8a04";

    private static final int FINDING = DIMENSIONS.indexOf("finding");
    private static final int WRITE_BLOCKED = DIMENSIONS.indexOf("writeBlocked");
    private static final int READ_BLOCKED = DIMENSIONS.indexOf("readBlocked");

    /** A limit more than this many times the highest value would flatten the values: it is named, not drawn. */
    private static final double DRAWN_LIMIT_RATIO = 3.0;

    private static final String[] METRICS = {"duration", "rowsRead", "rowsChanged"};

    private static final ReportedLimits.Measure[] MEASURES = {ReportedLimits.Measure.DURATION,
        ReportedLimits.Measure.ROWS_READ, ReportedLimits.Measure.ROWS_CHANGED};

    private final ReportedLimits limits;
    private final int maxPoints;

    /**
     * @param limits    the limits each step was judged against, drawn on its charts
     * @param maxPoints about how many runs one chart shows at most; longer histories are downsampled
     */
    public StepTrends(ReportedLimits limits, int maxPoints) {
        this.limits = limits == null ? ReportedLimits.NONE : limits;
        this.maxPoints = maxPoints;
    }

    /**
     * @param runs oldest first; the run the report is about among them, usually last
     * @param key  the step, {@code "151->152"}
     */
    public StepTrend trend(List<TrendRun> runs, String key) {
        return trends(runs, List.of(key)).get(0);
    }

    /** The trends of several steps, reading each run's steps once. */
    public List<StepTrend> trends(List<TrendRun> runs, List<String> keys) {
        Set<String> wanted = new HashSet<>(keys);
        List<Map<String, Passes>> byRun = new ArrayList<>(runs.size());
        for (TrendRun run : runs) {
            Map<String, Passes> passes = new HashMap<>();
            for (int i = 0; i < run.steps().size(); i++) {
                Step step = run.steps().get(i);
                String key = step.key();
                if (wanted.contains(key)) {
                    passes.computeIfAbsent(key, k -> new Passes()).add(step, run.stepsWithFindings().contains(i));
                }
            }
            byRun.add(passes);
        }
        List<StepTrend> trends = new ArrayList<>(keys.size());
        for (String key : keys) {
            trends.add(trend(runs, byRun, key));
        }
        return trends;
    }

    /** What one run measured of one step: its first pass, its pass after the downgrade, whether a finding named it. */
    private static final class Passes {
        Step first;
        Step again;
        boolean finding;

        void add(Step step, boolean named) {
            if (step.phase() == Phase.UPGRADE_AGAIN) {
                again = again == null ? step : again;
            } else {
                first = first == null ? step : first;
            }
            finding |= named;
        }
    }

    private StepTrend trend(List<TrendRun> runs, List<Map<String, Passes>> byRun, String key) {
        List<List<Object>> rows = new ArrayList<>();
        Object[] thisRun = null;
        for (int r = 0; r < runs.size(); r++) {
            TrendRun run = runs.get(r);
            Passes passes = byRun.get(r).get(key);
            if (passes == null) {
                continue;
            }
            Step first = passes.first;
            Step again = passes.again;
            Object[] row = {run.startedAt().toEpochMilli(), r,
                    seconds(first), seconds(again), read(first), read(again), changed(first), changed(again),
                    passes.finding ? 1 : 0, blocked(first, StepImpact.Access.WRITE), blocked(first, StepImpact.Access.READ)};
            rows.add(Arrays.asList(row));
            if (run.thisRun()) {
                thisRun = row;
            }
        }
        int total = rows.size();
        Object[] current = thisRun;
        List<List<Object>> shown = Downsampling.minMax(rows, maxPoints,
                row -> number(row.get(2)) != null ? number(row.get(2)) : Double.NaN,
                row -> Integer.valueOf(1).equals(row.get(FINDING)) || current != null && row.get(0).equals(current[0])
                        && row.get(1).equals(current[1]));
        DataSet data = new DataSet(DIMENSIONS, shown);
        return new StepTrend(key, chart(key, data, current), total, shown.size());
    }

    private Chart chart(String key, DataSet data, Object[] thisRun) {
        boolean down = isDown(key);
        boolean hasAgain = !down && data.rows().stream().anyMatch(r -> r.get(3) != null || r.get(5) != null || r.get(7) != null);
        Chart.Builder chart = Chart.builder(null).axis(Chart.Axis.TIME).data(data).legend(false);
        String[] titles = {"duration (s)", "rows read", "rows changed"};
        String[] units = {"s", "rows", "rows"};
        for (int p = 0; p < METRICS.length; p++) {
            String metric = METRICS[p];
            double highest = highest(data, metric, metric + "Again");
            int panel = p;
            Optional<Double> limit = Optional.ofNullable(limits.judged(key, MEASURES[p])).map(l -> inUnit(l, panel));
            String unit = units[p];
            boolean drawn = limit.isPresent() && highest > 0 && limit.get() <= highest * DRAWN_LIMIT_RATIO;
            String title = titles[p] + limit.map(l -> " · limit " + amount(l, unit)).orElse("")
                    + changed(limits.changed(key, MEASURES[p]), p, unit);
            Double max = drawn ? niceCeiling(Math.max(limit.get(), highest) * 1.08) : null;
            chart.panel(new Panel(title, max));
            List<Mark> marks = new ArrayList<>();
            if (drawn) {
                marks.add(new Mark.Limit(limit.get(), "limit"));
            }
            if (thisRun != null) {
                Number value = number(thisRun[2 + 2 * p]) != null ? (Number) thisRun[2 + 2 * p] : (Number) thisRun[3 + 2 * p];
                if (value != null) {
                    marks.add(new Mark.ThisRun(thisRun[0], value.doubleValue(), "this run"));
                }
            }
            chart.series(new Series(down ? "downgrade" : "upgrade", Series.Type.LINE, p, "time", metric,
                    down ? DOWN_COLOR : UP_COLOR, marks));
            if (hasAgain) {
                chart.series(new Series("upgrade again", Series.Type.LINE, p, "time", metric + "Again", AGAIN_COLOR, List.of()));
            }
        }
        boolean probed = data.rows().stream().anyMatch(r -> r.get(WRITE_BLOCKED) != null || r.get(READ_BLOCKED) != null);
        if (probed) {
            blockedPanel(chart, key, data, thisRun);
        }
        return chart.build();
    }

    /** The panel of blocked time: writes and reads, each against its limit, this run marked on both. */
    private void blockedPanel(Chart.Builder chart, String key, DataSet data, Object[] thisRun) {
        int panel = METRICS.length;
        double highest = highest(data, "writeBlocked", "readBlocked");
        StringBuilder title = new StringBuilder("blocked (s)");
        List<List<Mark>> marks = List.of(new ArrayList<>(), new ArrayList<>());
        ReportedLimits.Measure[] measures = {ReportedLimits.Measure.WRITE_BLOCKED, ReportedLimits.Measure.READ_BLOCKED};
        String[] names = {"writes", "reads"};
        int[] columns = {WRITE_BLOCKED, READ_BLOCKED};
        double top = highest;
        Limit writes = limits.judged(key, measures[0]);
        Limit reads = limits.judged(key, measures[1]);
        // One limit for both kinds is one line.
        boolean same = writes != null && reads != null && writes.value() == reads.value();
        for (int i = 0; i < measures.length; i++) {
            Limit limit = i == 0 ? writes : reads;
            ReportedLimits.Change change = limits.changed(key, measures[i]);
            if (limit != null) {
                double seconds = limit.value() / 1000.0;
                title.append(" · ").append(names[i]).append(" limit ").append(amount(seconds, "s"))
                        .append(changed(change, 0, "s"));
                if (seconds <= Math.max(highest, 0.001) * DRAWN_LIMIT_RATIO && !(same && i == 1)) {
                    marks.get(i).add(new Mark.Limit(seconds, same ? "limit" : names[i] + " limit"));
                    top = Math.max(top, seconds);
                }
            }
            if (thisRun != null && thisRun[columns[i]] instanceof Number value) {
                marks.get(i).add(new Mark.ThisRun(thisRun[0], value.doubleValue(), "this run"));
            }
        }
        chart.panel(new Panel(title.toString(), top > highest ? niceCeiling(top * 1.08) : null));
        chart.series(new Series("writes blocked", Series.Type.LINE, panel, "time", "writeBlocked", WRITE_BLOCKED_COLOR,
                marks.get(0)));
        chart.series(new Series("reads blocked", Series.Type.LINE, panel, "time", "readBlocked", READ_BLOCKED_COLOR,
                marks.get(1)));
    }

    /** A limit in the chart's unit: seconds for durations, rows for rows. */
    private static double inUnit(Limit limit, int panel) {
        return panel == 0 ? limit.value() / 1000.0 : limit.value();
    }

    /** What a panel's title says of a limit that changed since the run. */
    private static String changed(ReportedLimits.Change change, int panel, String unit) {
        if (change == null) {
            return "";
        }
        return change.now() == null ? " (none now)" : " (now " + amount(inUnit(change.now(), panel), unit) + ")";
    }

    private static boolean isDown(String key) {
        String[] parts = key.split("->", 2);
        return parts.length == 2 && StepKey.directionOf(parts[0], parts[1]) == Direction.DOWN;
    }

    private static double highest(DataSet data, String... dimensions) {
        double highest = 0;
        for (String dimension : dimensions) {
            for (Object value : data.column(dimension)) {
                Double d = number(value);
                if (d != null) {
                    highest = Math.max(highest, d);
                }
            }
        }
        return highest;
    }

    /** Rounds up to two significant digits, so that the axis ends on a readable number. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        BigDecimal exact = BigDecimal.valueOf(value);
        int digits = exact.precision() - exact.scale();
        return exact.setScale(2 - digits, RoundingMode.CEILING).doubleValue();
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static Double seconds(Step step) {
        if (step == null || !step.ended() || step.durationMs() == null) {
            return null;
        }
        return step.durationMs() / 1000.0;
    }

    private static Double blocked(Step step, StepImpact.Access access) {
        if (step == null || step.impact() == null) {
            return null;
        }
        return step.impact().blockedMs(access) / 1000.0;
    }

    private static Long read(Step step) {
        return step == null ? null : step.rowsRead();
    }

    private static Long changed(Step step) {
        return step == null ? null : step.rowsChanged();
    }

    static String amount(double value, String unit) {
        if (unit.equals("s")) {
            BigDecimal seconds = BigDecimal.valueOf(value).stripTrailingZeros();
            return (seconds.scale() < 0 ? seconds.setScale(0) : seconds).toPlainString() + " s";
        }
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }
}
