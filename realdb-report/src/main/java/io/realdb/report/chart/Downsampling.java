package io.realdb.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Fewer points for long histories, keeping what a reader looks for: the first and last row,
 * rows that must stay (this run, runs that broke a limit), and in every stretch of rows the
 * lowest and the highest value, so that no spike disappears.
 */
public final class Downsampling {

    private Downsampling() {
    }

    /**
     * @param rows   in order along the horizontal axis
     * @param max    about how many rows to keep; rows that must stay come on top
     * @param value  the value whose lows and highs matter; NaN for a row without one
     * @param keep   rows that stay whatever happens
     */
    public static <T> List<T> minMax(List<T> rows, int max, ToDoubleFunction<T> value, Predicate<T> keep) {
        if (rows.size() <= max || max < 4) {
            return rows;
        }
        TreeSet<Integer> kept = new TreeSet<>();
        kept.add(0);
        kept.add(rows.size() - 1);
        for (int i = 0; i < rows.size(); i++) {
            if (keep.test(rows.get(i))) {
                kept.add(i);
            }
        }
        int buckets = Math.max(1, (max - 2) / 2);
        double size = (rows.size() - 2) / (double) buckets;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) Math.floor(b * size);
            int to = Math.min(rows.size() - 1, 1 + (int) Math.floor((b + 1) * size));
            int low = -1;
            int high = -1;
            for (int i = from; i < to; i++) {
                double v = value.applyAsDouble(rows.get(i));
                if (Double.isNaN(v)) {
                    continue;
                }
                if (low < 0 || v < value.applyAsDouble(rows.get(low))) {
                    low = i;
                }
                if (high < 0 || v > value.applyAsDouble(rows.get(high))) {
                    high = i;
                }
            }
            if (low >= 0) {
                kept.add(low);
                kept.add(high);
            }
        }
        List<T> result = new ArrayList<>(kept.size());
        for (int i : kept) {
            result.add(rows.get(i));
        }
        return result;
    }
}
