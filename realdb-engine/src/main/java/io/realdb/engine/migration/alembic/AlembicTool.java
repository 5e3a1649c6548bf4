package io.realdb.engine.migration.alembic;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationContext;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.SeedTables;
import io.realdb.engine.migration.StepOutcome;
import io.realdb.engine.migration.ToolProcess;
import io.realdb.engine.migration.command.CommandLineTemplate;
import io.realdb.engine.model.Direction;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Alembic: revisions read from the project's revision files, stepped one revision at a time in
 * the graph's order (see {@link RevisionGraph}), with the state kept where Alembic keeps it.
 * The commands are the project's own ({@code alembic upgrade {to}} by default, or a wrapper).
 */
public final class AlembicTool implements MigrationTool {

    private final String versions;
    private final CommandLineTemplate up;
    private final CommandLineTemplate down;
    private final String versionTable;

    AlembicTool(String versions, CommandLineTemplate up, CommandLineTemplate down, String versionTable) {
        this.versions = versions;
        this.up = up;
        this.down = down;
        this.versionTable = versionTable;
    }

    @Override
    public java.util.Set<String> ownTables() {
        return java.util.Set.of(versionTable);
    }

    @Override
    public String id() {
        return AlembicToolFactory.ID;
    }

    @Override
    public RevisionGraph history(Path checkout) {
        return RevisionGraph.of(RevisionFileReader.readFolder(checkout.resolve(versions), versions),
                "migration.versions '" + versions + "'");
    }

    @Override
    public String currentVersion(MigrationContext context) {
        List<String> heads = new ArrayList<>();
        try (Connection connection = context.connectAsRunUser();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version_num FROM " + versionTable)) {
            while (rows.next()) {
                heads.add(rows.getString(1).trim());
            }
        } catch (SQLException e) {
            if (!context.server().isMissingTable(e)) {
                throw new InfrastructureException("cannot read the revision from " + versionTable + ": "
                        + SqlErrors.message(e), e);
            }
        }
        return history(context.checkout()).state(heads);
    }

    @Override
    public Optional<String> seedVersion(Path seed) {
        List<String> heads = SeedTables.rows(seed, versionTable).stream()
                .map(row -> row.isEmpty() || row.get(0) == null ? null : row.get(0).trim())
                .filter(Objects::nonNull).toList();
        return Optional.of(heads.isEmpty() ? RevisionGraph.BASE : String.join(",", heads.stream().sorted().toList()));
    }

    @Override
    public StepOutcome step(MigrationContext context, Migration migration, Direction direction) {
        return ToolProcess.run(context, template(direction).fill(values(migration, direction, context.database())));
    }

    @Override
    public String describe(Migration migration, Direction direction, String database) {
        return CommandLineTemplate.display(template(direction).fill(values(migration, direction, database)));
    }

    @Override
    public void preflight(Path checkout, Map<String, String> environment) {
        up.requireProgram(checkout, environment);
        down.requireProgram(checkout, environment);
    }

    private CommandLineTemplate template(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    private static Map<String, String> values(Migration migration, Direction direction, String database) {
        boolean isUp = direction == Direction.UP;
        String to = isUp ? migration.upTarget() : migration.downTarget();
        return Map.of("to", to, "from", isUp ? migration.from() : migration.version(),
                "revision", migration.version(), "database", database);
    }
}
