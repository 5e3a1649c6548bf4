package io.realdb.cli;

import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "compact",
        description = "Gives back the space old data takes in the embedded history file (recording does this every "
                + "100 runs). A history on a server needs nothing: the server manages its storage.")
final class HistoryCompactCommand extends AbstractCommand {

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Override
    protected int execute() {
        HistoryStore store = HistoryStores.open(history.location(System::getenv));
        String where = store.describe();
        store.compact();
        out().println("Compacted " + where);
        return VerdictRule.EXIT_PASS;
    }
}
