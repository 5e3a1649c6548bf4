package io.realdb.report;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The per-step table and the verdict, as printed on a console. "duration" is the migration's own
 * time, "process" the whole step with the tool's start-up; "writes blocked" and "reads blocked"
 * how long the step kept the probes from writing and reading ({@code -} when it was not probed).
 */
public final class ConsoleReport {

    private static final String[] HEADER = {"step", "phase", "direction", "duration", "process", "rows read",
        "rows changed", "writes blocked", "reads blocked", "finding"};

    /** The columns right-aligned: from "duration" to "reads blocked". */
    private static final int FIRST_NUMBER = 3;
    private static final int LAST_NUMBER = 8;

    private ConsoleReport() {
    }

    public static String render(RunResult result) {
        Map<Integer, List<Finding>> byStep = result.findings().stream()
                .filter(f -> f.stepIndex() != null)
                .collect(Collectors.groupingBy(Finding::stepIndex));
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < result.steps().size(); i++) {
            Step step = result.steps().get(i);
            List<Finding> findings = byStep.getOrDefault(i, List.of());
            rows.add(new String[] {
                    step.from() + " -> " + step.to(),
                    step.phase().id(),
                    step.direction().id(),
                    step.ended() ? Durations.format(step.durationMs()) : "did not end",
                    step.ended() && step.processMs() != null ? Durations.format(step.processMs()) : "-",
                    count(step.rowsRead()),
                    count(step.rowsChanged()),
                    ImpactText.blocked(step, StepImpact.Access.WRITE),
                    ImpactText.blocked(step, StepImpact.Access.READ),
                    findings.stream().map(f -> f.kind().id()).distinct().collect(Collectors.joining(", "))});
        }
        StringBuilder out = new StringBuilder();
        table(out, rows);
        out.append('\n');
        String dataset = result.dataset() == null ? "" : result.dataset() + " ";
        out.append("Verdict: ").append(dataset).append(result.verdict());
        if (result.finalVersion() != null) {
            out.append(" (final version ").append(result.finalVersion());
            if (result.expectedFinalVersion() != null) {
                out.append(", expected ").append(result.expectedFinalVersion());
            }
            out.append(')');
        }
        out.append('\n');
        String blocks = ImpactText.longest(result);
        if (blocks != null) {
            out.append("Impact: ").append(blocks).append('\n');
        }
        for (FindingGroup group : FindingGroup.of(result.findings())) {
            out.append("  ").append(group.severity().id().toUpperCase(java.util.Locale.ROOT))
                    .append(": ").append(group.text()).append('\n');
        }
        return out.toString();
    }

    private static String count(Long value) {
        return value == null ? "-" : String.format(java.util.Locale.ROOT, "%,d", value);
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, HEADER, widths);
        String[] rule = new String[HEADER.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        line(out, rule, widths);
        if (rows.isEmpty()) {
            out.append("(no migration steps)\n");
        }
        for (String[] row : rows) {
            line(out, row, widths);
        }
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i >= FIRST_NUMBER && i <= LAST_NUMBER;
            String cell = cells[i];
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(numeric ? pad + cell : cell + pad);
            if (i < cells.length - 1) {
                line.append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
