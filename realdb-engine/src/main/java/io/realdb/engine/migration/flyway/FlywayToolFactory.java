package io.realdb.engine.migration.flyway;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationToolFactory;
import io.realdb.engine.migration.ToolSettings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the settings of the {@code flyway} tool:
 * <pre>
 * "migration": {
 *   "tool": "flyway",
 *   "locations": ["db/migration"],
 *   "table": "flyway_schema_history",
 *   "undo": true
 * }
 * </pre>
 * Every setting is optional; the defaults are Flyway's. {@code locations} is a folder of the
 * project or a list of them ({@code filesystem:} may be written, as in Flyway's own settings);
 * {@code undo: false} leaves undo scripts alone, so every migration is irreversible.
 */
public final class FlywayToolFactory implements MigrationToolFactory {

    public static final String ID = "flyway";
    static final String DEFAULT_LOCATION = "db/migration";
    static final String DEFAULT_TABLE = "flyway_schema_history";

    private static final Set<String> KNOWN = Set.of("locations", "table", "undo");
    private static final String FILESYSTEM = "filesystem:";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MigrationTool create(JsonNode settings, String where) {
        ToolSettings.requireKnown(settings, where, ID, KNOWN);
        return new FlywayTool(locations(settings.get("locations"), where), table(settings.get("table"), where),
                undo(settings.get("undo"), where));
    }

    private static List<String> locations(JsonNode node, String where) {
        if (node == null) {
            return List.of(DEFAULT_LOCATION);
        }
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(values::add);
        } else {
            values.add(node);
        }
        if (values.isEmpty()) {
            throw new BadInputException(where + ": field migration.locations is empty (Flyway's default is \""
                    + DEFAULT_LOCATION + "\")");
        }
        List<String> locations = new ArrayList<>();
        for (JsonNode value : values) {
            locations.add(location(value, where));
        }
        return locations;
    }

    private static String location(JsonNode value, String where) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new BadInputException(where + ": field migration.locations must be a folder of the project, or a list "
                    + "of them, such as \"" + DEFAULT_LOCATION + "\"");
        }
        String text = value.asText().strip();
        String folder = text.startsWith(FILESYSTEM) ? text.substring(FILESYSTEM.length()) : text;
        if (folder.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw new BadInputException(where + ": field migration.locations = '" + text + "': only folders of the "
                    + "project can be read (filesystem: locations), not " + folder.substring(0, folder.indexOf(':') + 1)
                    + " ones");
        }
        if (folder.contains("*") || folder.contains("?")) {
            throw new BadInputException(where + ": field migration.locations = '" + text + "': wildcards are not "
                    + "supported; name each folder");
        }
        Path path;
        try {
            path = Path.of(folder).normalize();
        } catch (InvalidPathException e) {
            throw new BadInputException(where + ": field migration.locations = '" + text + "' is not a path: "
                    + e.getMessage(), e);
        }
        if (path.isAbsolute() || path.startsWith("..")) {
            throw new BadInputException(where + ": field migration.locations = '" + text + "' must be a folder inside "
                    + "the project, relative to its root");
        }
        String normalized = path.toString();
        return normalized.isEmpty() ? "." : normalized;
    }

    private static HistoryTable table(JsonNode node, String where) {
        if (node == null) {
            return new HistoryTable(DEFAULT_TABLE);
        }
        if (!node.isTextual()) {
            throw new BadInputException(where + ": field migration.table must be a table name such as \""
                    + DEFAULT_TABLE + "\"");
        }
        try {
            return new HistoryTable(node.asText());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": field migration.table = " + e.getMessage());
        }
    }

    private static boolean undo(JsonNode node, String where) {
        if (node == null) {
            return true;
        }
        if (!node.isBoolean()) {
            throw new BadInputException(where + ": field migration.undo must be true or false (default: run the "
                    + "project's undo scripts, U<version>__<description>.sql)");
        }
        return node.asBoolean();
    }
}
