package io.realdb.report.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.history.DatasetSummary;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.report.Durations;
import io.realdb.report.FindingGroup;
import io.realdb.report.ImpactText;
import io.realdb.report.ReviewMessage;
import io.realdb.report.chart.EChartsOption;
import io.realdb.report.trend.ReportedLimits;
import io.realdb.report.trend.StepTrend;
import io.realdb.report.trend.TrendRun;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes report.html: one self-contained page (styles, script, data and the chart library inline)
 * that views offline. Tables are written here; the page's script only draws the charts from the
 * options in the data and handles paging and the drill-down from a step to its history.
 */
public final class HtmlReport {

    public static final String FILE_NAME = "report.html";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CSS = resource("report.css");
    private static final String SCRIPT = resource("report.js");

    private HtmlReport() {
    }

    /** Writes the page whole or not at all. */
    public static void write(ReportPage page, Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 1 << 16)) {
            render(page, out);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static void render(ReportPage page, Writer out) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        out.write(Html.escape(title(page)));
        out.write("</title>\n<style>\n");
        out.write(CSS);
        out.write("</style>\n</head>\n<body data-charts=\"0\" data-series=\"0\" data-errors=\"0\">\n");
        out.write(header(page));
        out.write("<main>\n");
        for (int i = 0; i < page.sections().size(); i++) {
            out.write(section(page.sections().get(i), i));
        }
        out.write(comparison(page));
        out.write("</main>\n");
        out.write("<div id=\"drill\" class=\"drill\" hidden><div class=\"drill-box\" role=\"dialog\" aria-modal=\"true\">"
                + "<div class=\"drill-head\"><h2 id=\"drill-title\"></h2><button type=\"button\" class=\"close\" "
                + "aria-label=\"close\">&times;</button></div><p class=\"sub\" id=\"drill-note\"></p>"
                + "<div class=\"chart big\" id=\"drill-chart\"></div><div class=\"drill-table\"><table id=\"drill-runs\">"
                + "</table></div></div></div>\n");
        out.write("<pre id=\"realdb-errors\" hidden></pre>\n");
        out.write("<script type=\"application/json\" id=\"realdb-data\">");
        out.write(Html.scriptJson(data(page)));
        out.write("</script>\n<script>\n");
        out.write(Html.scriptSource(EChartsScript.source()));
        out.write("\n</script>\n<script>\n");
        out.write(SCRIPT);
        out.write("</script>\n</body>\n</html>\n");
    }

    /**
     * The lines of third-party code the page carries as they are (the chart library), for a
     * secret scanner to leave alone: they are the same in every report.
     */
    public static List<String> shippedCode() {
        return Html.scriptSource(EChartsScript.source()).lines().toList();
    }

    private static String title(ReportPage page) {
        List<String> parts = new ArrayList<>();
        for (ReportPage.Section s : page.sections()) {
            parts.add(dataset(s.result()) + " " + ReviewMessage.word(s.result()));
        }
        return "realdb · " + String.join(" · ", parts);
    }

    private static String header(ReportPage page) {
        StringBuilder html = new StringBuilder("<header class=\"top\"><div class=\"brand\">realdb</div><div class=\"meta\">");
        html.append("report of ").append(WHEN.format(page.generatedAt()));
        html.append(" · history: ").append(page.history() == null ? "none" : Html.escape(page.history()));
        html.append("</div></header>\n");
        for (String note : page.notes()) {
            html.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        }
        return html.toString();
    }

    private static String section(ReportPage.Section s, int index) {
        RunResult result = s.result();
        String verdict = result.verdict().name().toLowerCase(Locale.ROOT);
        StringBuilder html = new StringBuilder();
        html.append("<section class=\"run\" id=\"run-").append(index).append("\">\n");
        html.append("<div class=\"run-head v-").append(verdict).append("\"><h1>").append(Html.escape(dataset(result)))
                .append(" <span class=\"badge v-").append(verdict).append("\">").append(Html.escape(ReviewMessage.word(result)))
                .append("</span></h1>");
        html.append("<p class=\"message\">").append(Html.escape(s.reviewLine())).append("</p></div>\n");
        html.append(facts(s));
        html.append(findings(result));
        html.append(steps(s, index));
        html.append("<h2>Trends <span class=\"sub\">").append(Html.escape(s.trendScope())).append("</span></h2>\n");
        html.append("<div class=\"pager\" data-section=\"").append(index).append("\">")
                .append("<button type=\"button\" class=\"prev\" aria-label=\"previous steps\">&lsaquo;</button>")
                .append("<span class=\"pages\"></span>")
                .append("<button type=\"button\" class=\"next\" aria-label=\"next steps\">&rsaquo;</button>")
                .append("<label><input type=\"checkbox\" class=\"only-findings\"> only steps with findings</label>")
                .append("<span class=\"legend-note\">blue: upgrade · purple: upgrade again after the downgrade · ")
                .append("green: downgrade · orange: writes blocked · ochre: reads blocked · dashed red: the limit · ")
                .append("black dot: this run</span></div>\n");
        html.append("<div class=\"trends\" data-section=\"").append(index).append("\"></div>\n");
        html.append("</section>\n");
        return html.toString();
    }

    private static String facts(ReportPage.Section s) {
        RunResult result = s.result();
        Map<String, String> info = result.info();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("engine", join(info.get("engine"), info.get("serverVersion")));
        facts.put("project", info.get("project"));
        facts.put("trunk", join(info.get("trunk"), shortCommit(info.get("trunkCommit"))));
        facts.put("change", join(info.get("change"), shortCommit(info.get("changeCommit"))));
        facts.put("started", s.startedAt() == null ? null : WHEN.format(s.startedAt()));
        facts.put("duration", result.durationMs() == null ? null : Durations.format(result.durationMs()));
        String versions = result.finalVersion() == null ? "not reached" : result.finalVersion();
        if (result.expectedFinalVersion() != null) {
            versions += " (expected " + result.expectedFinalVersion() + ")";
        }
        facts.put("final version", versions);
        facts.put("log", info.get("log"));
        StringBuilder html = new StringBuilder("<dl class=\"facts\">");
        facts.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                html.append("<div><dt>").append(name).append("</dt><dd>").append(Html.escape(value)).append("</dd></div>");
            }
        });
        if (s.buildId() != null || s.buildUrl() != null) {
            html.append("<div><dt>build</dt><dd>")
                    .append(Html.link(s.buildUrl(), s.buildId() != null ? s.buildId() : s.buildUrl()))
                    .append("</dd></div>");
        }
        html.append("</dl>\n");
        return html.toString();
    }

    private static String findings(RunResult result) {
        if (result.findings().isEmpty()) {
            return "<p class=\"clean\">No findings: every step stayed within its limits.</p>\n";
        }
        StringBuilder html = new StringBuilder("<h2>Findings</h2>\n<ul class=\"findings\">");
        for (FindingGroup group : FindingGroup.of(result.findings())) {
            html.append("<li class=\"s-").append(group.severity().id()).append("\"><span class=\"sev\">")
                    .append(group.severity().id()).append("</span> ").append(Html.escape(group.text()));
            if (group.step() != null) {
                html.append(" <a href=\"#\" class=\"drill-link\" data-key=\"").append(Html.escape(group.step()))
                        .append("\">history of ").append(Html.escape(group.step())).append("</a>");
            }
            html.append("</li>");
        }
        html.append("</ul>\n");
        return html.toString();
    }

    private static String steps(ReportPage.Section s, int section) {
        RunResult result = s.result();
        Map<Integer, Set<String>> kinds = new LinkedHashMap<>();
        for (Finding f : result.findings()) {
            if (f.stepIndex() != null) {
                kinds.computeIfAbsent(f.stepIndex(), i -> new LinkedHashSet<>()).add(f.kind().id());
            }
        }
        StringBuilder html = new StringBuilder("<h2>Steps</h2>\n<div class=\"table-wrap\"><table class=\"steps\" data-section=\"")
                .append(section).append("\"><thead><tr><th class=\"num\">#</th><th>step</th><th>phase</th>"
                        + "<th class=\"num\">duration</th><th class=\"num\">limit</th><th class=\"num\">rows read</th>"
                        + "<th class=\"num\">rows changed</th><th class=\"num\" title=\"how long the step kept the probes "
                        + "from writing\">writes blocked</th><th class=\"num\" title=\"how long the step kept the probes "
                        + "from reading\">reads blocked</th><th>findings</th></tr></thead><tbody>");
        if (result.steps().isEmpty()) {
            html.append("<tr><td colspan=\"10\" class=\"empty\">no migration steps ran</td></tr>");
        }
        for (int i = 0; i < result.steps().size(); i++) {
            Step step = result.steps().get(i);
            Set<String> stepKinds = kinds.getOrDefault(i, Set.of());
            String cls = stepKinds.isEmpty() ? "" : " class=\"flagged\"";
            html.append("<tr").append(cls).append(" data-key=\"").append(Html.escape(step.key()))
                    .append("\" title=\"show the history of ").append(Html.escape(step.key())).append("\">");
            html.append("<td class=\"num\">").append(i + 1).append("</td>");
            html.append("<td class=\"key\">").append(Html.escape(step.from() + " → " + step.to())).append("</td>");
            html.append("<td>").append(step.phase().id()).append("</td>");
            html.append("<td class=\"num\">").append(step.ended() ? Durations.format(step.durationMs()) : "did not end").append("</td>");
            html.append(limitCell(s.limits(), step.key()));
            html.append("<td class=\"num\">").append(count(step.rowsRead())).append("</td>");
            html.append("<td class=\"num\">").append(count(step.rowsChanged())).append("</td>");
            html.append(blockedCells(step));
            html.append("<td>").append(Html.escape(String.join(", ", stepKinds))).append("</td></tr>");
        }
        html.append("</tbody></table></div>\n");
        return html.toString();
    }

    /** The times the step blocked writes and reads, each titled with all the probes saw; dashes when it was not probed. */
    private static String blockedCells(Step step) {
        String impact = ImpactText.describe(step.impact());
        StringBuilder cells = new StringBuilder();
        for (StepImpact.Access access : new StepImpact.Access[] {StepImpact.Access.WRITE, StepImpact.Access.READ}) {
            boolean blocked = step.impact() != null && step.impact().blockedMs(access) > 0;
            cells.append("<td class=\"num impact").append(blocked ? " blocked" : "").append('"');
            if (impact != null) {
                cells.append(" title=\"").append(Html.escape(impact)).append('"');
            }
            String text = ImpactText.blocked(step, access);
            cells.append('>').append(Html.escape(text.equals("-") ? "–" : text)).append("</td>");
        }
        return cells.toString();
    }

    /**
     * The duration limit the step was judged against, with the config key it came from, and the
     * dataset's limit now when the report was given the dataset and it changed since.
     */
    private static String limitCell(ReportedLimits limits, String key) {
        Limit judged = limits.judged(key, ReportedLimits.Measure.DURATION);
        StringBuilder cell = new StringBuilder("<td class=\"num limit\"");
        if (judged != null) {
            cell.append(" title=\"from the dataset's ").append(Html.escape(judged.key())).append(" limit\"");
        }
        cell.append('>').append(judged == null ? "–" : Html.escape(millisAsSeconds(judged.value())));
        ReportedLimits.Change change = limits.changed(key, ReportedLimits.Measure.DURATION);
        if (change != null) {
            cell.append("<span class=\"now\">now ")
                    .append(change.now() == null ? "none" : Html.escape(millisAsSeconds(change.now().value())))
                    .append("</span>");
        }
        return cell.append("</td>").toString();
    }

    private static String comparison(ReportPage page) {
        StringBuilder html = new StringBuilder("<section class=\"compare\" id=\"comparison\">\n<h2>Across datasets and engines</h2>\n");
        if (page.comparison() == null) {
            html.append("<p class=\"sub\">The history holds no other runs of these steps yet.</p>\n");
        } else {
            html.append("<div class=\"chart wide\" id=\"comparison-chart\"></div>\n");
        }
        if (!page.datasets().isEmpty()) {
            html.append("<div class=\"table-wrap\"><table class=\"datasets\"><thead><tr><th>dataset</th><th>engine</th>"
                    + "<th class=\"num\">runs</th><th>latest</th><th>latest verdict</th></tr></thead><tbody>");
            for (DatasetSummary d : page.datasets()) {
                String verdict = d.latestVerdict().name().toLowerCase(Locale.ROOT);
                html.append("<tr><td>").append(Html.escape(d.dataset())).append("</td><td>")
                        .append(Html.escape(d.engine() == null ? "unknown" : d.engine())).append("</td><td class=\"num\">")
                        .append(d.runs()).append("</td><td>").append(WHEN.format(d.latest()))
                        .append("</td><td><span class=\"badge small v-").append(verdict).append("\">")
                        .append(d.latestVerdict().name()).append("</span></td></tr>");
            }
            html.append("</tbody></table></div>\n");
        }
        html.append("</section>\n");
        return html.toString();
    }

    /** What the page's script reads: chart options as ECharts takes them, and what the tables around them need. */
    static String data(ReportPage page) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        root.put("pageSize", page.pageSize());
        ArrayNode sections = root.putArray("sections");
        for (ReportPage.Section s : page.sections()) {
            ObjectNode section = sections.addObject();
            section.put("dataset", dataset(s.result()));
            ArrayNode runs = section.putArray("runs");
            for (TrendRun run : s.runs()) {
                ObjectNode r = runs.addObject().put("t", run.startedAt().toEpochMilli()).put("verdict", run.verdict().name());
                if (run.buildId() != null) {
                    r.put("build", run.buildId());
                }
                if (run.buildUrl() != null) {
                    r.put("url", run.buildUrl());
                }
                if (run.thisRun()) {
                    r.put("thisRun", true);
                }
                if (run.sample() != null) {
                    r.put("sample", true);
                }
            }
            Map<String, Set<String>> phases = new LinkedHashMap<>();
            Map<String, Set<String>> kinds = new LinkedHashMap<>();
            List<Step> steps = s.result().steps();
            for (int i = 0; i < steps.size(); i++) {
                phases.computeIfAbsent(steps.get(i).key(), k -> new LinkedHashSet<>()).add(steps.get(i).phase().id());
            }
            for (Finding f : s.result().findings()) {
                if (f.step() != null) {
                    kinds.computeIfAbsent(f.step(), k -> new LinkedHashSet<>()).add(f.kind().id());
                }
            }
            ArrayNode trends = section.putArray("steps");
            for (StepTrend trend : s.trends()) {
                ObjectNode t = trends.addObject().put("key", trend.key())
                        .put("phases", String.join(", ", phases.getOrDefault(trend.key(), Set.of())))
                        .put("runs", trend.runs()).put("shown", trend.shown());
                ArrayNode flagged = t.putArray("findings");
                kinds.getOrDefault(trend.key(), Set.of()).forEach(flagged::add);
                t.set("option", EChartsOption.of(trend.chart()));
            }
        }
        if (page.comparison() != null) {
            root.set("comparison", EChartsOption.of(page.comparison()));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report's data could not be written as JSON", e);
        }
    }

    private static String dataset(RunResult result) {
        return result.dataset() == null ? "dataset" : result.dataset();
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + " (" + b + ")";
    }

    private static String shortCommit(String commit) {
        return commit == null ? null : commit.substring(0, Math.min(12, commit.length()));
    }

    private static String count(Long value) {
        return value == null ? "–" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String millisAsSeconds(long millis) {
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString() + " s";
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the report module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
