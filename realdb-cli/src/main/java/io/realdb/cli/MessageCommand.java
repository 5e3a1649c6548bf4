package io.realdb.cli;

import io.realdb.engine.review.DatasetVerdict;
import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;

@Command(name = "message",
        description = "Prints the review message for one or more datasets' results: the text that 'realdb vote' posts, "
                + "for a CI that posts it itself (Jenkins' Gerrit Trigger). Exits 0 when it printed the message.")
final class MessageCommand extends AbstractCommand {

    @Mixin
    ReviewResults results;

    @Override
    protected int execute() {
        List<DatasetVerdict> datasets = results.read(err());
        out().print(results.message(datasets));
        return VerdictRule.EXIT_PASS;
    }
}
