package io.realdb.report.chart;

import java.util.List;

/**
 * One line or set of bars: the values of dimension {@code y} against dimension {@code x} of the
 * chart's data set, drawn in panel {@code panel}.
 *
 * @param color a CSS colour, or null for the palette's
 */
public record Series(String name, Type type, int panel, String x, String y, String color, List<Mark> marks) {

    public enum Type {
        LINE("line"),
        BAR("bar");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Series {
        marks = List.copyOf(marks);
    }
}
