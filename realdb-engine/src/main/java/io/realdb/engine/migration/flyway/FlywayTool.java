package io.realdb.engine.migration.flyway;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.migration.LinearHistory;
import io.realdb.engine.migration.JavaStepCommand;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationContext;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.StepOutcome;
import io.realdb.engine.migration.ToolProcess;
import io.realdb.engine.migration.command.CommandLineTemplate;
import io.realdb.engine.model.Direction;
import io.realdb.engine.process.ProcessRunner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Flyway's versioned SQL migrations, one version per step. Each step is a Java process of its
 * own ({@link FlywayStep}) on realdb's class path, in the sandbox like any migration command: the
 * change's migrations never run inside realdb.
 * <p>
 * Versions are named as Flyway shows them ({@code 1.2} for {@code V1_2__x.sql}); a database with
 * no migration applied is at {@value #BASE}. Free Flyway cannot undo: a migration is reversible
 * when the project has its undo script, {@code U<version>__<description>.sql}, which realdb runs
 * itself. Repeatable migrations ({@code R__}) are not run: they are not one version's step, and a
 * seed taken from a real database has them applied already.
 */
final class FlywayTool implements MigrationTool {

    /** The state of a database without applied migrations: Flyway's "<< Empty Schema >>". */
    static final String BASE = "empty";

    private static final Duration PREFLIGHT_TIMEOUT = Duration.ofMinutes(1);

    private final List<String> locations;
    private final HistoryTable table;
    private final boolean undo;
    private List<String> notedRepeatables = List.of();

    /**
     * @param locations folders of the project, relative to the checkout
     * @param undo      whether undo scripts are run going down
     */
    FlywayTool(List<String> locations, HistoryTable table, boolean undo) {
        this.locations = List.copyOf(locations);
        this.table = table;
        this.undo = undo;
    }

    @Override
    public java.util.Set<String> ownTables() {
        return java.util.Set.of(table.name());
    }

    @Override
    public String id() {
        return FlywayToolFactory.ID;
    }

    @Override
    public MigrationHistory history(Path checkout) {
        FlywayFiles files = FlywayFiles.read(checkout, locations);
        List<Migration> migrations = new ArrayList<>();
        String previous = BASE;
        for (FlywayFiles.Script script : files.versioned()) {
            String version = script.versionText();
            boolean reversible = undo && files.undo(script.version()).isPresent();
            migrations.add(new Migration(version, previous, version, reversible ? previous : null));
            previous = version;
        }
        return new LinearHistory(migrations, BASE);
    }

    /**
     * Flyway steps down only where the project has undo scripts, and the runner stops the
     * downgrade above the first migration without one: there is always a downgrade to try.
     */
    @Override
    public boolean canDowngrade() {
        return true;
    }

    /**
     * Starts the step's process once, without the change's files or a database: a class path that
     * does not reach Flyway is realdb's fault and must not look like a failed migration.
     */
    @Override
    public void preflight(Path checkout, Map<String, String> environment) {
        List<String> command = JavaStepCommand.of(FlywayStep.class, List.of(FlywayStep.CHECK));
        List<String> output = new ArrayList<>();
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(command, checkout, environment, PREFLIGHT_TIMEOUT,
                    (stderr, line) -> output.add(line));
            if (!outcome.succeeded()) {
                throw new InfrastructureException("the flyway tool cannot start its step process ("
                        + CommandLineTemplate.display(command) + "): " + String.join(" ", output));
            }
        } catch (ProcessRunner.LaunchException e) {
            throw new InfrastructureException("the flyway tool cannot start its step process: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<List<String>> appliedVersions(MigrationContext context) {
        FlywayFiles files = FlywayFiles.read(context.checkout(), locations);
        List<String> applied = new ArrayList<>();
        try (Connection connection = context.connectAsRunUser()) {
            for (String version : table.succeeded(connection)) {
                applied.add(files.find(version).map(FlywayFiles.Script::versionText).orElse(version));
            }
        } catch (SQLException e) {
            if (!context.server().isMissingTable(e)) {
                throw new InfrastructureException("cannot read the applied versions from `" + table.name() + "`: "
                        + SqlErrors.message(e), e);
            }
        }
        return Optional.of(applied);
    }

    @Override
    public String currentVersion(MigrationContext context) {
        FlywayFiles files = FlywayFiles.read(context.checkout(), locations);
        noteRepeatables(context, files);
        try (Connection connection = context.connectAsRunUser()) {
            try {
                // The table may spell a version differently from today's file name (1.02, 1.2.0): both are 1.2.
                return table.current(connection)
                        .map(row -> files.find(row.version()).map(FlywayFiles.Script::versionText).orElse(row.version()))
                        .orElse(BASE);
            } catch (SQLException e) {
                if (!context.server().isMissingTable(e)) {
                    throw e;
                }
            }
            if (table.othersExist(connection, context.database())) {
                throw new BadInputException("database " + context.database() + " has tables but no Flyway history "
                        + "table `" + table.name() + "`, so Flyway would refuse to migrate it: name the seed's Flyway "
                        + "table in migration.table, or give a seed with Flyway's history in it");
            }
            return BASE;
        } catch (SQLException e) {
            throw new InfrastructureException("cannot read the version from `" + table.name() + "`: "
                    + SqlErrors.message(e), e);
        }
    }

    /** Says once per checkout's set of repeatable migrations that they are not run. */
    private void noteRepeatables(MigrationContext context, FlywayFiles files) {
        List<String> repeatable = files.repeatable();
        if (!repeatable.isEmpty() && !repeatable.equals(notedRepeatables)) {
            context.log().note("Flyway: repeatable migrations are not run, one version per step is measured: "
                    + String.join(", ", repeatable));
        }
        notedRepeatables = repeatable;
    }

    @Override
    public StepOutcome step(MigrationContext context, Migration migration, Direction direction) {
        if (direction == Direction.DOWN && !migration.reversible()) {
            return StepOutcome.notRun(notReversible(migration));
        }
        AtomicReference<String> failed = new AtomicReference<>();
        AtomicReference<String> notRun = new AtomicReference<>();
        StepOutcome outcome = ToolProcess.run(context, command(migration, direction), Map.of(), (stderr, line) -> {
            context.log().toolOutput(stderr, line);
            if (stderr && line.startsWith(FlywayStep.REASON)) {
                failed.set(line.substring(FlywayStep.REASON.length()));
            } else if (stderr && line.startsWith(FlywayStep.NOT_RUN_REASON)) {
                notRun.set(line.substring(FlywayStep.NOT_RUN_REASON.length()));
            }
        });
        if (outcome.isDone() || outcome.kind() == StepOutcome.Kind.NOT_RUN) {
            return outcome;
        }
        if (notRun.get() != null) {
            return StepOutcome.notRun(notRun.get()).ranFor(outcome.process());
        }
        String reason = failed.get() == null ? outcome.reason() : outcome.reason() + ": " + failed.get();
        return StepOutcome.failed(reason).ranFor(outcome.process());
    }

    @Override
    public String describe(Migration migration, Direction direction, String database) {
        if (direction == Direction.DOWN && !migration.reversible()) {
            return "(" + notReversible(migration) + ")";
        }
        return CommandLineTemplate.display(JavaStepCommand.shown(FlywayStep.class, arguments(migration, direction)));
    }

    private static String notReversible(Migration migration) {
        return "version " + migration.version() + " has no undo script U" + migration.version()
                + "__*.sql: Flyway cannot revert it";
    }

    /**
     * The step's command line: realdb's own class path and Java, run in the checkout, so that the
     * locations stay the project's relative folders.
     */
    List<String> command(Migration migration, Direction direction) {
        return JavaStepCommand.of(FlywayStep.class, arguments(migration, direction));
    }

    private List<String> arguments(Migration migration, Direction direction) {
        boolean up = direction == Direction.UP;
        List<String> arguments = new ArrayList<>(List.of(up ? FlywayStep.MIGRATE : FlywayStep.UNDO,
                "--table", table.name(),
                up ? "--target" : "--version", up ? migration.upTarget() : migration.version()));
        for (String location : locations) {
            arguments.add("--location");
            arguments.add(location);
        }
        return arguments;
    }

    @Override
    public Optional<String> seedVersion(Path seed) {
        try {
            return table.versionInDump(seed, BASE);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
