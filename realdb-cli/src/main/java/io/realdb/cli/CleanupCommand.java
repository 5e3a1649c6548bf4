package io.realdb.cli;

import io.realdb.engine.db.DatabaseEngines;
import io.realdb.engine.db.DatabaseServer;
import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "cleanup",
        description = "Removes from an existing server the databases and users that realdb runs created and left "
                + "behind (the run was killed), and only those: realdb records what it creates in realdb_registry, and "
                + "a run holds a lock on the server for as long as it lives; what a run that no longer holds its lock "
                + "made is removed, whichever machine it ran on.")
final class CleanupCommand extends AbstractCommand {

    @ArgGroup(exclusive = false, heading = "%nThe existing server:%n")
    ServerOptions server = new ServerOptions();

    @Override
    protected int execute() {
        String engine = server.engine != null ? server.engine : "mariadb";
        List<String> removed;
        try (DatabaseServer connected = DatabaseEngines.standard().get(engine).connectExisting(server.existing())) {
            removed = connected.removeLeftovers();
        }
        if (removed.isEmpty()) {
            out().println("Nothing to remove: no realdb run left anything behind on this server");
        }
        removed.forEach(what -> out().println("Removed " + what));
        return VerdictRule.EXIT_PASS;
    }
}
