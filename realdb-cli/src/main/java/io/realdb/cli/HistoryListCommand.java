package io.realdb.cli;

import io.realdb.engine.history.DatasetSummary;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Locale;

@Command(name = "list", description = "Lists the datasets and engines the history holds runs of.")
final class HistoryListCommand extends AbstractCommand {

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Override
    protected int execute() {
        try (HistoryStore store = HistoryStores.open(history.location(System::getenv))) {
            List<DatasetSummary> datasets = store.datasets();
            out().println("History: " + store.describe());
            if (datasets.isEmpty()) {
                out().println("(no runs yet)");
            }
            for (DatasetSummary d : datasets) {
                out().println(String.format(Locale.ROOT, "  %-28s %-12s %6d runs, latest %s %s", d.dataset(),
                        d.engine() == null ? "unknown" : d.engine(), d.runs(), d.latest(), d.latestVerdict()));
            }
            return VerdictRule.EXIT_PASS;
        }
    }
}
