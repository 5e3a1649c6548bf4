package io.realdb.engine.migration.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationToolFactory;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the settings of the {@code command} tool:
 * <pre>
 * "migration": {
 *   "tool": "command",
 *   "up": "nova-manage db sync --version {to}",
 *   "down": "nova-manage db sync --version {to}",
 *   "versions": {"path": "nova/db/sqlalchemy/migrate_repo/versions", "pattern": "^(\\d+)_.*\\.py$"},
 *   "current": {"query": "SELECT version FROM migrate_version"}
 * }
 * </pre>
 */
public final class CommandToolFactory implements MigrationToolFactory {

    public static final String ID = "command";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MigrationTool create(JsonNode settings, String where) {
        CommandLineTemplate up = template(settings, "up", where, true);
        CommandLineTemplate down = template(settings, "down", where, false);
        JsonNode versions = settings.path("versions");
        String path = text(versions, "path", where, "migration.versions.path");
        String patternText = versions.path("pattern").asText("^(\\d+)_.*$");
        Pattern pattern;
        try {
            pattern = Pattern.compile(patternText);
        } catch (PatternSyntaxException e) {
            throw new BadInputException(where + ": field migration.versions.pattern is not a valid regular expression: "
                    + e.getDescription());
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw new BadInputException(where + ": field migration.versions.pattern must capture the version in group 1");
        }
        JsonNode current = settings.path("current");
        String query = current.path("query").isTextual() ? current.path("query").asText() : null;
        CommandLineTemplate command = current.path("command").isTextual()
                ? parse(current.path("command").asText(), where, "migration.current.command") : null;
        if ((query == null) == (command == null)) {
            throw new BadInputException(where + ": field migration.current must hold either \"query\" or \"command\"");
        }
        return new CommandTool(up, down, path, pattern, query, command);
    }

    private static CommandLineTemplate template(JsonNode settings, String key, String where, boolean required) {
        JsonNode node = settings.get(key);
        if (node == null) {
            if (required) {
                throw new BadInputException(where + ": field migration." + key + " is missing (a command such as "
                        + "\"tool db-sync --version {to}\")");
            }
            return null;
        }
        return parse(node.asText(), where, "migration." + key);
    }

    private static CommandLineTemplate parse(String text, String where, String field) {
        try {
            return CommandLineTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": field " + field + " = '" + text + "': " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String key, String where, String field) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new BadInputException(where + ": field " + field + " is missing");
        }
        return value.asText();
    }
}
