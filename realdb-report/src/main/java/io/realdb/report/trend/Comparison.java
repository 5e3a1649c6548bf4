package io.realdb.report.trend;

import io.realdb.engine.history.StepStats;
import io.realdb.report.chart.Chart;
import io.realdb.report.chart.DataSet;
import io.realdb.report.chart.Series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How long the same steps take across datasets and engines: the mean duration of each step per
 * dataset and engine, over every recorded run, as bars side by side.
 */
public final class Comparison {

    /** More bars per step than this are unreadable: the datasets with most runs win, the reported one first. */
    public static final int MAX_SERIES = 8;
    private static final int ZOOM_FROM_STEPS = 24;

    private Comparison() {
    }

    /**
     * @param keys    the steps to compare, in order (the reported runs' steps)
     * @param dataset the reported dataset, shown first
     * @param engine  the reported engine, or null
     * @return empty when the history knows none of the steps
     */
    public static Optional<Chart> chart(List<StepStats> stats, List<String> keys, String dataset, String engine) {
        Map<String, Map<String, Double>> meanByCombo = new LinkedHashMap<>();
        Map<String, Long> samples = new LinkedHashMap<>();
        for (StepStats s : stats) {
            if (!keys.contains(s.key())) {
                continue;
            }
            String combo = name(s.dataset(), s.engine());
            meanByCombo.computeIfAbsent(combo, c -> new LinkedHashMap<>()).put(s.key(), s.meanDurationMs() / 1000.0);
            samples.merge(combo, s.samples(), Long::sum);
        }
        if (meanByCombo.isEmpty()) {
            return Optional.empty();
        }
        String reported = name(dataset, engine);
        List<String> combos = new ArrayList<>(meanByCombo.keySet());
        combos.sort(Comparator.<String, Boolean>comparing(c -> !c.equals(reported))
                .thenComparing(c -> -samples.get(c))
                .thenComparing(Comparator.naturalOrder()));
        combos = combos.subList(0, Math.min(MAX_SERIES, combos.size()));

        List<String> dimensions = new ArrayList<>();
        dimensions.add("step");
        for (int i = 0; i < combos.size(); i++) {
            dimensions.add("s" + i);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String key : keys) {
            List<Object> row = new ArrayList<>();
            row.add(key);
            boolean any = false;
            for (String combo : combos) {
                Double mean = meanByCombo.get(combo).get(key);
                row.add(mean == null ? null : Math.round(mean * 1000) / 1000.0);
                any |= mean != null;
            }
            if (any && rows.stream().noneMatch(r -> r.get(0).equals(key))) {
                rows.add(row);
            }
        }
        Chart.Builder chart = Chart.builder(null)
                .axis(Chart.Axis.CATEGORY)
                .panel("mean duration per step (s), over all recorded runs")
                .data(new DataSet(dimensions, rows))
                .zoom(rows.size() > ZOOM_FROM_STEPS);
        for (int i = 0; i < combos.size(); i++) {
            chart.series(new Series(combos.get(i), Series.Type.BAR, 0, "step", "s" + i, null, List.of()));
        }
        return Optional.of(chart.build());
    }

    static String name(String dataset, String engine) {
        return dataset + " · " + Objects.requireNonNullElse(engine, "engine unknown");
    }
}
