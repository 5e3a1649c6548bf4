package io.realdb.engine.migration.alembic;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationToolFactory;
import io.realdb.engine.migration.ToolSettings;

import java.util.Set;

/**
 * Reads the settings of the {@code alembic} tool:
 * <pre>
 * "migration": {
 *   "tool": "alembic",
 *   "versions": "myapp/db/migrations/versions",
 *   "up": "alembic upgrade {to}",
 *   "down": "alembic downgrade {to}",
 *   "version_table": "alembic_version"
 * }
 * </pre>
 * In the commands, {@code {to}} is the revision to reach (for a step down, what Alembic must be
 * told to revert exactly one revision), {@code {revision}} the revision the step applies or
 * reverts, {@code {from}} the state before it and {@code {database}} the database's name.
 */
public final class AlembicToolFactory implements MigrationToolFactory {

    public static final String ID = "alembic";

    static final String DEFAULT_VERSIONS = "alembic/versions";
    static final String DEFAULT_UP = "alembic upgrade {to}";
    static final String DEFAULT_DOWN = "alembic downgrade {to}";
    static final String DEFAULT_TABLE = "alembic_version";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MigrationTool create(JsonNode settings, String where) {
        ToolSettings.requireKnown(settings, where, ID, Set.of("versions", "up", "down", "version_table"));
        return new AlembicTool(ToolSettings.text(settings, "versions", DEFAULT_VERSIONS, where),
                ToolSettings.template(settings, "up", DEFAULT_UP, where),
                ToolSettings.template(settings, "down", DEFAULT_DOWN, where),
                ToolSettings.tableName(settings, "version_table", DEFAULT_TABLE, where));
    }
}
