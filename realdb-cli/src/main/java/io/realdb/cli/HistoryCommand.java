package io.realdb.cli;

import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "history",
        description = "The history of past runs: import saved results and logs, list what it holds, compact it.",
        subcommands = {HistoryImportCommand.class, HistoryListCommand.class, HistoryCompactCommand.class})
final class HistoryCommand extends AbstractCommand {

    @Override
    protected int execute() {
        spec.commandLine().usage(err(), CommandLine.Help.Ansi.OFF);
        return VerdictRule.EXIT_BAD_INPUT;
    }
}
