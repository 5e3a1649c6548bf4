package io.realdb.report.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart model and the ECharts option JSON it becomes. */
class EChartsOptionTest {

    private static DataSet data() {
        return new DataSet(List.of("time", "duration", "rows"), List.of(
                Arrays.asList(1000L, 1.5, 10L),
                Arrays.asList(2000L, null, 12L),
                Arrays.asList(3000L, 4.0, 30L)));
    }

    private static Chart twoPanels() {
        return Chart.builder(null).data(data()).legend(false)
                .panel(new Panel("duration (s) · limit 5 s", 5.5))
                .panel("rows read")
                .series(new Series("upgrade", Series.Type.LINE, 0, "time", "duration", "#2563eb",
                        List.of(new Mark.Limit(5, "limit"), new Mark.ThisRun(3000L, 4.0, "this run"))))
                .series(new Series("upgrade", Series.Type.LINE, 1, "time", "rows", "#2563eb", List.of()))
                .build();
    }

    @Test
    void shouldGiveEveryPanelItsOwnGridAndAxes() {
        ObjectNode option = EChartsOption.of(twoPanels());

        assertThat(option.get("grid")).hasSize(2);
        assertThat(option.get("xAxis")).hasSize(2);
        assertThat(option.get("yAxis")).hasSize(2);
        assertThat(option.get("xAxis").get(1).get("type").asText()).isEqualTo("time");
        assertThat(option.get("xAxis").get(1).get("gridIndex").asInt()).isEqualTo(1);
        assertThat(option.get("yAxis").get(0).get("max").asDouble()).isEqualTo(5.5);
        assertThat(option.get("yAxis").get(1).has("max")).isFalse();
        assertThat(option.get("title")).extracting(t -> t.get("text").asText())
                .containsExactly("duration (s) · limit 5 s", "rows read");
        assertThat(option.get("axisPointer").get("link").get(0).get("xAxisIndex").asText()).isEqualTo("all");
        assertThat(option.get("legend").get("show").asBoolean()).isFalse();
        assertThat(option.get("animation").asBoolean()).isFalse();
    }

    @Test
    void shouldHandTheDataSetToEChartsAsItIs() {
        ObjectNode option = EChartsOption.of(twoPanels());

        JsonNode dataset = option.get("dataset").get(0);
        assertThat(dataset.get("dimensions")).extracting(JsonNode::asText).containsExactly("time", "duration", "rows");
        assertThat(dataset.get("source").toString()).isEqualTo("[[1000,1.5,10],[2000,null,12],[3000,4.0,30]]");
        JsonNode series = option.get("series").get(1);
        assertThat(series.get("encode").toString()).isEqualTo("{\"x\":\"time\",\"y\":\"rows\"}");
        assertThat(series.get("xAxisIndex").asInt()).isEqualTo(1);
        assertThat(series.get("yAxisIndex").asInt()).isEqualTo(1);
        assertThat(series.get("datasetIndex").asInt()).isZero();
    }

    @Test
    void shouldDrawTheLimitAsADashedLineAndMarkThisRun() {
        JsonNode series = EChartsOption.of(twoPanels()).get("series").get(0);

        assertThat(series.get("markLine").get("data").get(0).get("yAxis").asDouble()).isEqualTo(5.0);
        assertThat(series.get("markLine").get("lineStyle").get("type").asText()).isEqualTo("dashed");
        assertThat(series.get("markPoint").get("data").get(0).get("coord").toString()).isEqualTo("[3000,4.0]");
        assertThat(series.get("markPoint").get("data").get(0).get("name").asText()).isEqualTo("this run");
        assertThat(EChartsOption.of(twoPanels()).get("series").get(1).has("markLine")).isFalse();
    }

    @Test
    void shouldBeJsonWithoutFunctionsThatEChartsTakesUnchanged() throws Exception {
        String json = new ObjectMapper().writeValueAsString(EChartsOption.of(twoPanels()));

        assertThat(new ObjectMapper().readTree(json).toString()).isEqualTo(EChartsOption.of(twoPanels()).toString());
        assertThat(json).doesNotContain("function");
    }

    @Test
    void shouldNameItsSeriesAndLetTheReaderZoomWhenAsked() {
        Chart bars = Chart.builder("mean").axis(Chart.Axis.CATEGORY).zoom(true)
                .panel("mean duration (s)")
                .data(new DataSet(List.of("step", "a", "b"), List.of(Arrays.asList("1->2", 1.0, 2.0))))
                .series(new Series("user_001 · mariadb", Series.Type.BAR, 0, "step", "a", null, List.of()))
                .series(new Series("user_002 · mariadb", Series.Type.BAR, 0, "step", "b", null, List.of()))
                .build();

        ObjectNode option = EChartsOption.of(bars);

        assertThat(option.get("legend").get("data")).extracting(JsonNode::asText)
                .containsExactly("user_001 · mariadb", "user_002 · mariadb");
        assertThat(option.get("dataZoom")).extracting(z -> z.get("type").asText()).containsExactly("inside", "slider");
        assertThat(option.get("xAxis").get(0).get("type").asText()).isEqualTo("category");
        assertThat(option.get("series").get(0).get("type").asText()).isEqualTo("bar");
    }

    @Test
    void shouldRefuseASeriesOfAMissingDimensionOrPanel() {
        assertThatThrownBy(() -> Chart.builder(null).data(data()).panel("p")
                .series(new Series("x", Series.Type.LINE, 0, "time", "nope", null, List.of())).build())
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> Chart.builder(null).data(data()).panel("p")
                .series(new Series("x", Series.Type.LINE, 1, "time", "rows", null, List.of())).build())
                .hasMessageContaining("panel 1");
        assertThatThrownBy(() -> new DataSet(List.of("a", "b"), List.of(List.of(1))))
                .hasMessageContaining("1 values for 2 dimensions");
    }
}
