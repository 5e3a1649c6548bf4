package io.realdb.cli;

import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "dataset",
        description = "Datasets: prepare the snapshot that runs on a private server start from.",
        subcommands = {DatasetPrepareCommand.class})
final class DatasetCommand extends AbstractCommand {

    @Override
    protected int execute() {
        spec.commandLine().usage(err(), CommandLine.Help.Ansi.OFF);
        return VerdictRule.EXIT_BAD_INPUT;
    }
}
