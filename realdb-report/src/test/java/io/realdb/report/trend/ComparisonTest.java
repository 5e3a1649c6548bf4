package io.realdb.report.trend;

import io.realdb.engine.history.StepStats;
import io.realdb.report.chart.Chart;
import io.realdb.report.chart.Series;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonTest {

    private static StepStats stats(String dataset, String engine, String from, String to, long samples, double meanMs) {
        return new StepStats(dataset, engine, from, to, samples, meanMs, (long) meanMs, null, null);
    }

    @Test
    void shouldShowTheMeanDurationOfEachStepPerDatasetAndEngineWithTheReportedOneFirst() {
        List<StepStats> stats = List.of(
                stats("user_002", "mariadb", "151", "152", 40, 80_000),
                stats("user_001", "postgresql", "151", "152", 30, 120_000),
                stats("user_001", "mariadb", "151", "152", 60, 180_000),
                stats("user_001", "mariadb", "152", "153", 60, 4_000),
                stats("user_001", "mariadb", "999", "1000", 60, 1_000));

        Chart chart = Comparison.chart(stats, List.of("151->152", "152->153"), "user_001", "mariadb").orElseThrow();

        assertThat(chart.series()).extracting(Series::name).containsExactly(
                "user_001 · mariadb", "user_002 · mariadb", "user_001 · postgresql");
        assertThat(chart.dataSet().column("step")).containsExactly("151->152", "152->153");
        assertThat(chart.dataSet().column("s0")).containsExactly(180.0, 4.0);
        assertThat(chart.dataSet().column("s1")).containsExactly(80.0, null);
        assertThat(chart.axis()).isEqualTo(Chart.Axis.CATEGORY);
    }

    @Test
    void shouldKeepTheBarsReadable() {
        List<StepStats> stats = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            stats.add(stats("d" + i, "mariadb", "1", "2", i, 1000));
        }

        Chart chart = Comparison.chart(stats, List.of("1->2"), "d3", "mariadb").orElseThrow();

        assertThat(chart.series()).hasSize(Comparison.MAX_SERIES);
        assertThat(chart.series().get(0).name()).isEqualTo("d3 · mariadb");
        assertThat(chart.series().get(1).name()).isEqualTo("d11 · mariadb");
    }

    @Test
    void shouldHaveNothingToCompareInAnEmptyHistory() {
        assertThat(Comparison.chart(List.of(), List.of("1->2"), "d", null)).isEmpty();
    }
}
