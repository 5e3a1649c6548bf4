package io.realdb.engine.migration.liquibase;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationToolFactory;
import io.realdb.engine.migration.ToolSettings;

/**
 * Reads the settings of the {@code liquibase} tool:
 * <pre>
 * "migration": {"tool": "liquibase", "changelog": "db/changelog/db.changelog-master.xml"}
 * </pre>
 * The changelog is a path from the project's root, which is Liquibase's search path: the paths
 * that {@code DATABASECHANGELOG} records are relative to it.
 */
public final class LiquibaseToolFactory implements MigrationToolFactory {

    public static final String ID = "liquibase";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MigrationTool create(JsonNode settings, String where) {
        return create(settings, where, io.realdb.engine.db.MariaDbEngine.ID);
    }

    /** Changesets whose {@code dbms} does not take the engine's database are left out, as Liquibase does. */
    @Override
    public MigrationTool create(JsonNode settings, String where, String engineId) {
        ToolSettings.requireKnown(settings, where, ID, java.util.Set.of("changelog"));
        JsonNode changelog = settings.get("changelog");
        if (changelog == null || !changelog.isTextual() || changelog.asText().isBlank()) {
            throw new BadInputException(where + ": field migration.changelog is missing (the master changelog from "
                    + "the project's root, such as \"db/changelog/db.changelog-master.xml\")");
        }
        String path = ChangelogReader.normalize(changelog.asText());
        if (path.isEmpty() || path.startsWith("../") || path.equals("..")) {
            throw new BadInputException(where + ": field migration.changelog = '" + changelog.asText()
                    + "' must be a file inside the project");
        }
        return new LiquibaseTool(path, io.realdb.engine.db.PostgresEngine.ID.equals(engineId)
                ? ChangelogReader.POSTGRESQL : ChangelogReader.DBMS);
    }
}
