package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.DatasetConfigEditor;
import io.realdb.engine.dataset.DatasetLimits;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.history.RunQuery;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.limits.LearningOptions;
import io.realdb.engine.limits.LimitKind;
import io.realdb.engine.limits.LimitLearner;
import io.realdb.engine.limits.LimitSuggestion;
import io.realdb.engine.review.VerdictRule;
import io.realdb.report.UnifiedDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@Command(name = "suggest",
        description = "Proposes per-migration limits for a dataset from its runs in the history: a high percentile of "
                + "the observed durations plus slack, and the most rows observed, rounded up. Shows the change to the "
                + "dataset config as a diff; --write writes it, keeping the config's other keys.")
final class LimitsSuggestCommand extends AbstractCommand {

    @Option(names = "--dataset", required = true, paramLabel = "DIR",
            description = "The dataset folder (or config file) whose limits to learn.")
    java.nio.file.Path dataset;

    @Option(names = "--percentile", paramLabel = "P", defaultValue = "95",
            description = "Percentile of the observed durations (nearest rank). Default: ${DEFAULT-VALUE}.")
    double percentile;

    @Option(names = "--slack", paramLabel = "PERCENT", defaultValue = "25",
            description = "Added to that percentile, in percent. Default: ${DEFAULT-VALUE}.")
    double slack;

    @Option(names = "--min-seconds", paramLabel = "S", defaultValue = "1",
            description = "No learned duration limit is lower. Default: ${DEFAULT-VALUE}.")
    double minSeconds;

    @Option(names = "--rows-slack", paramLabel = "PERCENT", defaultValue = "0",
            description = "Added to the most rows observed, in percent. Default: ${DEFAULT-VALUE}.")
    double rowsSlack;

    @Option(names = "--rows-digits", paramLabel = "N", defaultValue = "2",
            description = "Rows are rounded up to this many significant digits. Default: ${DEFAULT-VALUE}.")
    int rowsDigits;

    @Option(names = "--min-rows", paramLabel = "N", defaultValue = "1000",
            description = "No learned row limit is lower. Default: ${DEFAULT-VALUE}.")
    long minRows;

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "10",
            description = "Steps with fewer samples keep the limit they have. Default: ${DEFAULT-VALUE}.")
    int minSamples;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "200",
            description = "Learn from the dataset's latest N runs. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--engine", paramLabel = "ID", description = "Learn only from runs on this engine.")
    String engine;

    @Option(names = "--tighten",
            description = "Also give a step its own limit when it needs less than the default allows.")
    boolean tighten;

    @Option(names = "--write", description = "Write the suggested limits into the dataset config.")
    boolean write;

    @Option(names = "--all", description = "List every step's limits, not only those that change.")
    boolean all;

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Override
    protected int execute() {
        LearningOptions options = new LearningOptions(percentile, slack / 100, minSeconds, rowsSlack / 100, rowsDigits,
                minRows, minSamples, runs, tighten);
        DatasetLimits loaded = new DatasetLoader().loadLimits(dataset);
        List<RunRecord> history;
        String where;
        try (HistoryStore store = HistoryStores.open(this.history.location(System::getenv))) {
            RunQuery query = RunQuery.latest(loaded.name(), runs);
            history = store.runs(engine == null ? query : query.onEngine(engine));
            where = store.describe();
        }
        if (history.isEmpty()) {
            throw new BadInputException("the history at " + where + " holds no runs of dataset " + loaded.name()
                    + (engine == null ? "" : " on " + engine) + ": nothing to learn from. Runs are recorded by "
                    + "'realdb run', or imported with 'realdb history import'");
        }
        List<LimitSuggestion> suggestions = new LimitLearner(options).suggest(history, loaded.limits());
        out().println("Learning the limits of " + loaded.name() + " from " + history.size() + " runs in " + where);
        out().println(String.format(Locale.ROOT, "(%s percentile of durations plus %s%%, at least %s s; the most rows "
                        + "plus %s%%, rounded up to %d digits, at least %,d; steps need %d samples)",
                ordinal(percentile), plain(slack), plain(minSeconds), plain(rowsSlack), rowsDigits, minRows, minSamples));
        out().println();
        List<LimitSuggestion> shown = all ? suggestions
                : suggestions.stream().filter(x -> x.outcome().changesTheConfig()).toList();
        if (shown.isEmpty()) {
            out().println("No limit changes.");
        } else {
            table(shown);
        }
        if (!all) {
            summary(suggestions, LimitSuggestion.Outcome.UNCHANGED, "already have the learned limit");
            summary(suggestions, LimitSuggestion.Outcome.DEFAULT_SUFFICES, "need no limit of their own (the default covers them)");
        }
        List<LimitSuggestion> few = suggestions.stream()
                .filter(x -> x.outcome() == LimitSuggestion.Outcome.TOO_FEW_SAMPLES).toList();
        if (!few.isEmpty()) {
            out().println(few.size() + " with too few samples (fewer than " + minSamples
                    + ") keep the limit they have: " + list(few, x -> x.step() + " " + x.kind().label()
                    + " (" + x.samples() + ")"));
        }
        LimitLearner.Changes changes = LimitLearner.changes(suggestions);
        Map<String, Map<String, Number>> set = new LinkedHashMap<>();
        changes.set().forEach((kind, entries) -> set.put(kind.configKey(), entries));
        Map<String, Set<String>> removed = new LinkedHashMap<>();
        changes.removed().forEach((kind, keys) -> removed.put(kind.configKey(), keys));
        DatasetConfigEditor.Edit edit = DatasetConfigEditor.edit(loaded.configFile(), set, removed);
        out().println();
        if (!edit.changes()) {
            out().println("The config already has these limits: nothing to change.");
            return VerdictRule.EXIT_PASS;
        }
        String name = loaded.configFile().toString();
        out().print(UnifiedDiff.of(name, name + " (suggested)", edit.before(), edit.after(), 2));
        out().println();
        if (write) {
            edit.write();
            out().println("Written to " + loaded.configFile());
        } else {
            out().println("Not written: run again with --write to write these limits into " + loaded.configFile());
        }
        return VerdictRule.EXIT_PASS;
    }

    private void table(List<LimitSuggestion> suggestions) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"limit", "step", "samples", "observed", "now", "suggested", ""});
        for (LimitSuggestion s : suggestions) {
            String unit = s.kind() == LimitKind.SECONDS ? " s" : "";
            String observed = s.observed() == null ? "-"
                    : (s.kind() == LimitKind.SECONDS ? "p" + plain(percentile) + " " + plain(round(s.observed())) : "max "
                    + String.format(Locale.ROOT, "%,d", Math.round(s.observed()))) + unit;
            rows.add(new String[] {s.kind().configKey(), s.step(), Integer.toString(s.samples()), observed,
                    limit(s.before() != null ? s.before() : s.fallback(), unit, s.before() == null),
                    limit(s.after() != null ? s.after() : s.fallback(), unit, s.after() == null),
                    word(s.outcome())});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean right = i >= 2 && i <= 5;
                String pad = " ".repeat(widths[i] - row[i].length());
                line.append(right ? pad + row[i] : row[i] + pad).append("  ");
            }
            out().println(line.toString().stripTrailing());
        }
    }

    private void summary(List<LimitSuggestion> suggestions, LimitSuggestion.Outcome outcome, String what) {
        List<LimitSuggestion> matching = suggestions.stream().filter(x -> x.outcome() == outcome).toList();
        if (!matching.isEmpty()) {
            out().println(matching.size() + " " + what + ": " + list(matching, x -> x.step() + " " + x.kind().label()));
        }
    }

    /** A list that stays one readable paragraph: --all shows everything. */
    private String list(List<LimitSuggestion> items, java.util.function.Function<LimitSuggestion, String> name) {
        int shown = all ? items.size() : Math.min(items.size(), 8);
        String text = items.subList(0, shown).stream().map(name).collect(Collectors.joining(", "));
        return shown < items.size() ? text + " and " + (items.size() - shown) + " more (--all lists them)" : text;
    }

    private static String limit(Number value, String unit, boolean isDefault) {
        if (value == null) {
            return "none";
        }
        String number = unit.isEmpty() ? String.format(Locale.ROOT, "%,d", value.longValue()) : plain(value.doubleValue());
        return number + unit + (isDefault ? " (default)" : "");
    }

    private static String word(LimitSuggestion.Outcome outcome) {
        return switch (outcome) {
            case ADDED -> "added";
            case CHANGED -> "changed";
            case UNCHANGED -> "unchanged";
            case REMOVED -> "removed: the default covers it";
            case DEFAULT_SUFFICES -> "the default covers it";
            case TOO_FEW_SAMPLES -> "too few samples: kept";
        };
    }

    /** Two decimals under ten, one above: enough to compare with a limit in whole seconds. */
    private static double round(double value) {
        double scale = value < 10 ? 100 : 10;
        return Math.round(value * scale) / scale;
    }

    private static String plain(double value) {
        BigDecimal number = BigDecimal.valueOf(value).stripTrailingZeros();
        return (number.scale() < 0 ? number.setScale(0) : number).toPlainString();
    }

    private static String ordinal(double value) {
        String number = plain(value);
        if (number.endsWith("1") && !number.endsWith("11")) {
            return number + "st";
        }
        if (number.endsWith("2") && !number.endsWith("12")) {
            return number + "nd";
        }
        if (number.endsWith("3") && !number.endsWith("13")) {
            return number + "rd";
        }
        return number + "th";
    }
}
