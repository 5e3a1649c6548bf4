package io.realdb.engine.migration.command;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.migration.LinearHistory;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationContext;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.StepOutcome;
import io.realdb.engine.migration.ToolProcess;
import io.realdb.engine.migration.VersionOrder;
import io.realdb.engine.model.Direction;
import io.realdb.engine.process.ProcessRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Any migration tool driven by command templates: {@code nova-manage db sync --version {to}},
 * {@code alembic upgrade {to}}. Versions are listed from file names in the checkout; the current
 * version comes from a query or a command.
 */
public final class CommandTool implements MigrationTool {

    private final CommandLineTemplate up;
    private final CommandLineTemplate down;
    private final String versionsPath;
    private final Pattern versionsPattern;
    private final String currentQuery;
    private final CommandLineTemplate currentCommand;

    public CommandTool(CommandLineTemplate up, CommandLineTemplate down, String versionsPath, Pattern versionsPattern,
                String currentQuery, CommandLineTemplate currentCommand) {
        this.up = up;
        this.down = down;
        this.versionsPath = versionsPath;
        this.versionsPattern = versionsPattern;
        this.currentQuery = currentQuery;
        this.currentCommand = currentCommand;
    }

    @Override
    public String id() {
        return CommandToolFactory.ID;
    }

    @Override
    public MigrationHistory history(Path checkout) {
        return LinearHistory.of(versions(checkout), NO_VERSION);
    }

    private List<String> versions(Path checkout) {
        Path folder = checkout.resolve(versionsPath);
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("migration.versions.path '" + versionsPath + "' is not a folder in the project");
        }
        List<String> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString()).forEach(name -> {
                Matcher matcher = versionsPattern.matcher(name);
                if (matcher.matches()) {
                    versions.add(VersionOrder.canonical(matcher.group(1)));
                }
            });
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        // Names that are not numbers (revision ids, say) do not tell their order: guessing it would
        // step wrongly and pass a change that was never tested.
        versions.stream().filter(v -> !VersionOrder.isNumber(v)).findFirst().ifPresent(v -> {
            throw new BadInputException("migration.versions.pattern captures '" + v + "' in " + versionsPath
                    + ", which is not a number: the command tool orders versions as numbers only. For Alembic "
                    + "revisions use \"tool\": \"alembic\", for Flyway \"flyway\", for Liquibase \"liquibase\"");
        });
        return VersionOrder.sort(versions);
    }

    @Override
    public boolean canDowngrade() {
        return down != null;
    }

    @Override
    public void preflight(Path checkout, Map<String, String> environment) {
        for (CommandLineTemplate template : new CommandLineTemplate[] {up, down, currentCommand}) {
            if (template != null) {
                template.requireProgram(checkout, environment);
            }
        }
    }

    @Override
    public String currentVersion(MigrationContext context) {
        if (currentQuery != null) {
            try (Connection connection = context.connectAsRunUser();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(currentQuery)) {
                return rows.next() && rows.getString(1) != null
                        ? VersionOrder.canonical(rows.getString(1).trim()) : NO_VERSION;
            } catch (SQLException e) {
                if (context.server().isMissingTable(e)) {
                    return NO_VERSION;
                }
                throw new InfrastructureException("cannot read the current version with '" + currentQuery + "': "
                        + e.getMessage(), e);
            }
        }
        List<String> output = new ArrayList<>();
        StepOutcome outcome = run(context, currentCommand, Map.of(), (stderr, line) -> {
            context.log().toolOutput(stderr, line);
            if (!stderr && !line.isBlank()) {
                output.add(line.trim());
            }
        });
        if (!outcome.isDone() || output.isEmpty()) {
            throw new InfrastructureException("migration.current.command '" + currentCommand
                    + "' did not print a version" + (outcome.reason() == null ? "" : ": " + outcome.reason()));
        }
        return VersionOrder.canonical(output.get(output.size() - 1));
    }

    @Override
    public StepOutcome step(MigrationContext context, Migration migration, Direction direction) {
        CommandLineTemplate template = direction == Direction.DOWN ? down : up;
        if (template == null) {
            return StepOutcome.notRun("no migration.down command is configured");
        }
        return ToolProcess.run(context, template.fill(values(migration, direction, context.database())));
    }

    @Override
    public String describe(Migration migration, Direction direction, String database) {
        CommandLineTemplate template = direction == Direction.DOWN ? down : up;
        return template == null ? "(no migration.down command)"
                : CommandLineTemplate.display(template.fill(values(migration, direction, database)));
    }

    private static Map<String, String> values(Migration migration, Direction direction, String database) {
        boolean up = direction == Direction.UP;
        String from = up ? migration.from() : migration.version();
        String to = up ? migration.upTarget() : migration.downTarget();
        return Map.of("from", from, "to", to, "version", to, "database", database);
    }

    private static StepOutcome run(MigrationContext context, CommandLineTemplate template, Map<String, String> values,
                                   ProcessRunner.LineSink sink) {
        return ToolProcess.run(context, template.fill(values), Map.of(), sink);
    }
}
