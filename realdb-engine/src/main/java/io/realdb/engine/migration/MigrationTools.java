package io.realdb.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.alembic.AlembicToolFactory;
import io.realdb.engine.migration.command.CommandToolFactory;
import io.realdb.engine.migration.flyway.FlywayToolFactory;
import io.realdb.engine.migration.liquibase.LiquibaseToolFactory;
import io.realdb.engine.migration.sqldir.SqlDirToolFactory;
import io.realdb.engine.migration.sqlmigrate.SqlalchemyMigrateToolFactory;

import java.util.List;
import java.util.stream.Collectors;

/** The registry of migration tools, by id. */
public final class MigrationTools {

    public static final String DEFAULT_TOOL = SqlDirToolFactory.ID;

    private static final List<MigrationToolFactory> FACTORIES = List.of(
            new SqlDirToolFactory(),
            new CommandToolFactory(),
            new AlembicToolFactory(),
            new SqlalchemyMigrateToolFactory(),
            new FlywayToolFactory(),
            new LiquibaseToolFactory());

    private MigrationTools() {
    }

    /**
     * The tool a {@code migration} section describes; with no section, numbered SQL files in the
     * project's {@code migrations} folder.
     */
    public static MigrationTool create(JsonNode settings, String where) {
        return create(settings, where, io.realdb.engine.db.MariaDbEngine.ID);
    }

    /** The same, for a run on the database engine {@code engineId}. */
    public static MigrationTool create(JsonNode settings, String where, String engineId) {
        JsonNode section = settings == null ? JsonNodeFactory.instance.objectNode() : settings;
        String id = section.path("tool").asText(DEFAULT_TOOL);
        return FACTORIES.stream()
                .filter(f -> f.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new BadInputException(where + ": field migration.tool = '" + id
                        + "' is not a known tool (known: " + ids() + ")"))
                .create(section, where, engineId);
    }

    public static String ids() {
        return FACTORIES.stream().map(MigrationToolFactory::id).collect(Collectors.joining(", "));
    }
}
