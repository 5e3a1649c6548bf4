package io.realdb.report.chart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table the series of a chart read their values from, by dimension name: ECharts' dataset
 * ({@code dimensions} and {@code source} rows). A missing value is null.
 */
public record DataSet(List<String> dimensions, List<List<Object>> rows) {

    public DataSet {
        dimensions = List.copyOf(dimensions);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != dimensions.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " values for " + dimensions.size() + " dimensions");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    public int indexOf(String dimension) {
        int index = dimensions.indexOf(dimension);
        if (index < 0) {
            throw new IllegalArgumentException("no dimension '" + dimension + "' in " + dimensions);
        }
        return index;
    }

    /** The values of one dimension, row by row. */
    public List<Object> column(String dimension) {
        int index = indexOf(dimension);
        return rows.stream().map(row -> row.get(index)).toList();
    }
}
