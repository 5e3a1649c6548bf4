package io.realdb.cli;

import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "limits", description = "Per-migration limits learned from the history.",
        subcommands = {LimitsSuggestCommand.class})
final class LimitsCommand extends AbstractCommand {

    @Override
    protected int execute() {
        spec.commandLine().usage(err(), CommandLine.Help.Ansi.OFF);
        return VerdictRule.EXIT_BAD_INPUT;
    }
}
