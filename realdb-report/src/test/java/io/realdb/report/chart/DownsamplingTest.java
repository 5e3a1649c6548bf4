package io.realdb.report.chart;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DownsamplingTest {

    private static List<double[]> rows(int count) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new double[] {i, 10 + Math.sin(i / 7.0)});
        }
        return rows;
    }

    @Test
    void shouldLeaveShortSeriesAlone() {
        List<double[]> rows = rows(100);

        assertThat(Downsampling.minMax(rows, 250, r -> r[1], r -> false)).isSameAs(rows);
    }

    @Test
    void shouldKeepAboutTheMaximumWithFirstLastAndEverySpike() {
        List<double[]> rows = rows(1000);
        rows.get(517)[1] = 500;
        rows.get(518)[1] = -500;

        List<double[]> kept = Downsampling.minMax(rows, 250, r -> r[1], r -> false);

        assertThat(kept.size()).isBetween(200, 252);
        assertThat(kept).contains(rows.get(0), rows.get(999), rows.get(517), rows.get(518));
        assertThat(kept).isSortedAccordingTo((a, b) -> Double.compare(a[0], b[0]));
    }

    @Test
    void shouldKeepTheRowsThatMustStay() {
        List<double[]> rows = rows(1000);

        List<double[]> kept = Downsampling.minMax(rows, 50, r -> r[1], r -> r[0] == 333 || r[0] == 998);

        assertThat(kept).contains(rows.get(333), rows.get(998));
    }

    @Test
    void shouldSkipRowsWithoutAValue() {
        List<double[]> rows = rows(1000);
        rows.forEach(r -> r[1] = r[0] % 2 == 0 ? Double.NaN : r[1]);

        List<double[]> kept = Downsampling.minMax(rows, 100, r -> r[1], r -> false);

        assertThat(kept.subList(1, kept.size() - 1)).allSatisfy(r -> assertThat(r[1]).isNotNaN());
    }
}
