package io.realdb.cli;

import io.realdb.engine.db.DatabaseEngines;
import io.realdb.engine.db.DatabaseServer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

@Command(name = "cleanup",
        description = "Removes from an existing server the databases and users that realdb runs created and left "
                + "behind (the run was killed), and only those: realdb records what it creates in realdb_registry. "
                + "By default it removes what processes of this machine made that no longer run.")
final class CleanupCommand extends AbstractCommand {

    @ArgGroup(exclusive = false, heading = "%nThe existing server:%n")
    ServerOptions server = new ServerOptions();

    @Option(names = "--older-than", paramLabel = "HOURS",
            description = "Also remove what runs on other machines made more than HOURS ago.")
    Double olderThanHours;

    @Override
    protected int execute() {
        long cutoff = olderThanHours == null ? Long.MIN_VALUE
                : System.currentTimeMillis() - Duration.ofMinutes(Math.round(olderThanHours * 60)).toMillis();
        String engine = server.engine != null ? server.engine : "mariadb";
        List<String> removed;
        try (DatabaseServer connected = DatabaseEngines.standard().get(engine).connectExisting(server.existing())) {
            removed = connected.removeLeftovers(createdAt -> createdAt < cutoff);
        }
        if (removed.isEmpty()) {
            out().println("Nothing to remove: no realdb run left anything behind on this server");
        }
        removed.forEach(what -> out().println("Removed " + what));
        return ExitCodes.PASS;
    }
}
