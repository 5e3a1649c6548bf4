package io.realdb.engine.migration.sqldir;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationToolFactory;

/**
 * Reads the settings of the {@code sql-dir} tool: {@code {"tool": "sql-dir", "path": "migrations"}}.
 */
public final class SqlDirToolFactory implements MigrationToolFactory {

    public static final String ID = "sql-dir";
    static final String DEFAULT_PATH = "migrations";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MigrationTool create(JsonNode settings, String where) {
        JsonNode path = settings.get("path");
        if (path != null && (!path.isTextual() || path.asText().isBlank())) {
            throw new BadInputException(where + ": field migration.path must be a folder name such as \"migrations\"");
        }
        return new SqlDirTool(path == null ? DEFAULT_PATH : path.asText());
    }
}
