package io.realdb.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart: panels side by side that share the horizontal axis kind and the data set, and the
 * series drawn in them. Built with {@link #builder(String)}.
 *
 * @param axis  what the horizontal axis is: time (runs by when they ran) or categories (named values in order)
 * @param zoom   whether the reader can zoom into a part of the horizontal axis
 * @param legend whether the chart names its series (a page may explain the colours once instead)
 */
public record Chart(String title, Axis axis, List<Panel> panels, DataSet dataSet, List<Series> series, boolean zoom,
                    boolean legend) {

    public enum Axis {
        TIME("time"),
        CATEGORY("category");

        private final String id;

        Axis(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Chart {
        panels = List.copyOf(panels);
        series = List.copyOf(series);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a chart needs a panel");
        }
        for (Series s : series) {
            if (s.panel() < 0 || s.panel() >= panels.size()) {
                throw new IllegalArgumentException("series '" + s.name() + "' is in panel " + s.panel()
                        + " of a chart with " + panels.size());
            }
            dataSet.indexOf(s.x());
            dataSet.indexOf(s.y());
        }
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public static final class Builder {
        private final String title;
        private Axis axis = Axis.TIME;
        private final List<Panel> panels = new ArrayList<>();
        private DataSet dataSet;
        private final List<Series> series = new ArrayList<>();
        private boolean zoom;
        private boolean legend = true;

        private Builder(String title) {
            this.title = title;
        }

        public Builder axis(Axis kind) {
            this.axis = kind;
            return this;
        }

        /** Adds a panel; series refer to panels by the order they were added in. */
        public Builder panel(String panelTitle) {
            return panel(new Panel(panelTitle, null));
        }

        public Builder panel(Panel panel) {
            panels.add(panel);
            return this;
        }

        public Builder data(DataSet data) {
            this.dataSet = data;
            return this;
        }

        public Builder series(Series one) {
            series.add(one);
            return this;
        }

        public Builder zoom(boolean on) {
            this.zoom = on;
            return this;
        }

        public Builder legend(boolean on) {
            this.legend = on;
            return this;
        }

        public Chart build() {
            if (dataSet == null) {
                throw new IllegalStateException("a chart needs its data set");
            }
            return new Chart(title, axis, panels, dataSet, series, zoom, legend);
        }
    }
}
