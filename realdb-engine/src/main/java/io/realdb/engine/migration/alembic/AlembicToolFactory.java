package io.realdb.engine.migration.alembic;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationToolFactory;
import io.realdb.engine.migration.command.CommandLineTemplate;

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
        String versions = text(settings, "versions", DEFAULT_VERSIONS, where);
        String table = text(settings, "version_table", DEFAULT_TABLE, where);
        if (!table.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?")) {
            throw new BadInputException(where + ": field migration.version_table = '" + table
                    + "' is not a table name");
        }
        return new AlembicTool(versions, template(settings, "up", DEFAULT_UP, where),
                template(settings, "down", DEFAULT_DOWN, where), table);
    }

    private static String text(JsonNode settings, String key, String fallback, String where) {
        JsonNode node = settings.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new BadInputException(where + ": field migration." + key + " must be a non-empty string");
        }
        return node.asText();
    }

    private static CommandLineTemplate template(JsonNode settings, String key, String fallback, String where) {
        String text = text(settings, key, fallback, where);
        try {
            return CommandLineTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": field migration." + key + " = '" + text + "': " + e.getMessage());
        }
    }
}
