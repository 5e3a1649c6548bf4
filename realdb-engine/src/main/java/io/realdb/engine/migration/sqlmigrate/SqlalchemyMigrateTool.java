package io.realdb.engine.migration.sqlmigrate;

import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationContext;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.SeedTables;
import io.realdb.engine.migration.StepOutcome;
import io.realdb.engine.migration.command.CommandTool;
import io.realdb.engine.model.Direction;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * sqlalchemy-migrate, the tool of turbo-hipster's era: numbered {@code versions/NNN_name.py}
 * scripts in a repository folder and the version in {@code migrate_version}. Each step is one
 * process that moves the database to one version, with the project's own command or, by
 * default, sqlalchemy-migrate's Python API.
 */
final class SqlalchemyMigrateTool implements MigrationTool {

    /** {@code migrate_version(repository_id, repository_path, version)}: the version is the third column. */
    private static final int VERSION_COLUMN = 2;

    private final CommandTool commands;
    private final String versionTable;

    SqlalchemyMigrateTool(CommandTool commands, String versionTable) {
        this.commands = commands;
        this.versionTable = versionTable;
    }

    @Override
    public java.util.Set<String> ownTables() {
        return java.util.Set.of(versionTable);
    }

    @Override
    public String id() {
        return SqlalchemyMigrateToolFactory.ID;
    }

    @Override
    public MigrationHistory history(Path checkout) {
        return commands.history(checkout);
    }

    @Override
    public String currentVersion(MigrationContext context) {
        return commands.currentVersion(context);
    }

    @Override
    public StepOutcome step(MigrationContext context, Migration migration, Direction direction) {
        return commands.step(context, migration, direction);
    }

    @Override
    public String describe(Migration migration, Direction direction, String database) {
        return commands.describe(migration, direction, database);
    }

    @Override
    public boolean canDowngrade() {
        return commands.canDowngrade();
    }

    @Override
    public void preflight(Path checkout, Map<String, String> environment) {
        commands.preflight(checkout, environment);
    }

    @Override
    public Optional<String> seedVersion(Path seed) {
        List<List<String>> rows = SeedTables.rows(seed, versionTable);
        if (rows.isEmpty()) {
            return Optional.of(NO_VERSION);
        }
        // The same row as the version query reads: the table's first.
        List<String> row = rows.get(0);
        return row.size() > VERSION_COLUMN && row.get(VERSION_COLUMN) != null
                ? Optional.of(row.get(VERSION_COLUMN)) : Optional.empty();
    }
}
