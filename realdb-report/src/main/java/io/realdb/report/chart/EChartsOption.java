package io.realdb.report.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * Serialises a {@link Chart} to the option object of Apache ECharts 5: one grid, x axis and y axis
 * per panel, one dataset, series that read it by dimension name, the limit as a mark line and
 * this run as a mark point. Plain JSON: no functions, so the page hands it to ECharts unchanged.
 */
public final class EChartsOption {

    public static final String LIMIT_COLOR = "#c0392b";
    public static final String THIS_RUN_COLOR = "#111827";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EChartsOption() {
    }

    public static ObjectNode of(Chart chart) {
        ObjectNode option = JSON.objectNode();
        option.put("animation", false);
        int panels = chart.panels().size();
        boolean panelTitles = panels > 1 || chart.panels().get(0).title() != null;
        int top = chart.title() == null && !chart.legend() ? 6 : 30;
        int gridTop = top + (panelTitles ? 26 : 12);

        ArrayNode titles = option.putArray("title");
        if (chart.title() != null) {
            titles.addObject().put("text", chart.title()).put("left", 4).put("top", 2)
                    .putObject("textStyle").put("fontSize", 13).put("fontWeight", "bold");
        }
        ArrayNode grids = option.putArray("grid");
        ArrayNode xAxes = option.putArray("xAxis");
        ArrayNode yAxes = option.putArray("yAxis");
        double width = 100.0 / panels;
        for (int i = 0; i < panels; i++) {
            Panel panel = chart.panels().get(i);
            double left = i * width;
            if (panelTitles && panel.title() != null) {
                titles.addObject().put("text", panel.title()).put("left", percent(left + 1)).put("top", top)
                        .putObject("textStyle").put("fontSize", 12).put("fontWeight", "normal").put("color", "#4b5563");
            }
            grids.addObject()
                    .put("left", percent(left + 1))
                    .put("right", percent(100 - left - width + 1.5))
                    .put("top", gridTop)
                    .put("bottom", chart.zoom() ? 58 : 28)
                    .put("containLabel", true);
            ObjectNode x = xAxes.addObject().put("type", chart.axis().id()).put("gridIndex", i);
            ObjectNode xLabel = x.putObject("axisLabel").put("hideOverlap", true).put("fontSize", 10);
            if (chart.axis() == Chart.Axis.TIME) {
                xLabel.putObject("formatter").put("year", "{yyyy}").put("month", "{MMM}").put("day", "{d} {MMM}")
                        .put("hour", "{HH}:{mm}").put("minute", "{HH}:{mm}").put("second", "{HH}:{mm}:{ss}")
                        .put("millisecond", "{HH}:{mm}:{ss}");
            }
            ObjectNode y = yAxes.addObject().put("type", "value").put("gridIndex", i);
            y.putObject("axisLabel").put("fontSize", 10);
            y.putObject("splitLine").putObject("lineStyle").put("color", "#eef0f3");
            if (panel.max() != null) {
                y.put("max", panel.max());
            }
        }

        ObjectNode dataset = option.putArray("dataset").addObject();
        ArrayNode dimensions = dataset.putArray("dimensions");
        chart.dataSet().dimensions().forEach(dimensions::add);
        dataset.set("source", MAPPER.valueToTree(chart.dataSet().rows()));

        ArrayNode series = option.putArray("series");
        ArrayNode legend = JSON.arrayNode();
        for (Series s : chart.series()) {
            series.add(series(s, chart));
            if (!contains(legend, s.name())) {
                legend.add(s.name());
            }
        }
        if (chart.legend()) {
            ObjectNode legendNode = option.putObject("legend").put("top", 2).put("right", 4).put("itemHeight", 8);
            legendNode.set("data", legend);
            legendNode.putObject("textStyle").put("fontSize", 11);
        } else {
            option.putObject("legend").put("show", false);
        }

        ObjectNode tooltip = option.putObject("tooltip").put("trigger", "axis").put("confine", true);
        tooltip.putObject("axisPointer").put("type", chart.axis() == Chart.Axis.CATEGORY ? "shadow" : "line");
        if (panels > 1) {
            ArrayNode all = option.putObject("axisPointer").putArray("link");
            all.addObject().put("xAxisIndex", "all");
        }
        if (chart.zoom()) {
            ArrayNode zoom = option.putArray("dataZoom");
            ArrayNode axes = JSON.arrayNode();
            for (int i = 0; i < panels; i++) {
                axes.add(i);
            }
            zoom.addObject().put("type", "inside").set("xAxisIndex", axes.deepCopy());
            ObjectNode slider = zoom.addObject().put("type", "slider").put("height", 16).put("bottom", 8);
            slider.set("xAxisIndex", axes);
        }
        return option;
    }

    private static ObjectNode series(Series s, Chart chart) {
        ObjectNode node = JSON.objectNode()
                .put("type", s.type().id())
                .put("name", s.name())
                .put("datasetIndex", 0)
                .put("xAxisIndex", s.panel())
                .put("yAxisIndex", s.panel());
        node.putObject("encode").put("x", s.x()).put("y", s.y());
        if (s.type() == Series.Type.LINE) {
            node.put("connectNulls", true)
                    .put("showSymbol", chart.dataSet().rows().size() <= 60)
                    .put("symbolSize", 5);
            ObjectNode line = node.putObject("lineStyle").put("width", 1.5);
            if (s.color() != null) {
                line.put("color", s.color());
            }
        } else {
            node.put("barMaxWidth", 18);
        }
        if (s.color() != null) {
            node.putObject("itemStyle").put("color", s.color());
        }
        ArrayNode limits = JSON.arrayNode();
        ArrayNode points = JSON.arrayNode();
        for (Mark mark : s.marks()) {
            if (mark instanceof Mark.Limit limit) {
                limits.addObject().put("yAxis", limit.value()).put("name", limit.label());
            } else if (mark instanceof Mark.ThisRun thisRun) {
                ObjectNode point = points.addObject().put("name", thisRun.label());
                ArrayNode coord = point.putArray("coord");
                coord.add(MAPPER.<JsonNode>valueToTree(thisRun.x()));
                coord.add(thisRun.y());
                point.put("value", thisRun.label());
            }
        }
        if (!limits.isEmpty()) {
            ObjectNode markLine = node.putObject("markLine").put("symbol", "none").put("silent", true);
            markLine.putObject("lineStyle").put("color", LIMIT_COLOR).put("type", "dashed").put("width", 1.2);
            markLine.putObject("label").put("formatter", "{b}").put("position", "insideEndTop")
                    .put("color", LIMIT_COLOR).put("fontSize", 10);
            markLine.set("data", limits);
        }
        if (!points.isEmpty()) {
            ObjectNode markPoint = node.putObject("markPoint").put("symbol", "circle").put("symbolSize", 9);
            markPoint.putObject("itemStyle").put("color", THIS_RUN_COLOR).put("borderColor", "#ffffff").put("borderWidth", 2);
            markPoint.putObject("label").put("show", true).put("position", "top").put("formatter", "{b}")
                    .put("fontSize", 10).put("color", THIS_RUN_COLOR);
            markPoint.set("data", points);
        }
        return node;
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode node : array) {
            if (node.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }
}
