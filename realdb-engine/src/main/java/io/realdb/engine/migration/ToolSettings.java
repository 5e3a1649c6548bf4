package io.realdb.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.command.CommandLineTemplate;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Reading a tool's {@code migration} settings, with messages that name the field. */
public final class ToolSettings {

    private ToolSettings() {
    }

    /** Refuses a setting the tool does not read: a misspelt one would be silently ignored. */
    public static void requireKnown(JsonNode settings, String where, String tool, Set<String> known) {
        for (Iterator<String> names = settings.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("tool") && !name.startsWith("_") && !known.contains(name)) {
                throw new BadInputException(where + ": field migration." + name + " is not a setting of the " + tool
                        + " tool (it reads " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** A non-empty string, or {@code fallback} (which may be null) when the field is absent. */
    public static String text(JsonNode settings, String key, String fallback, String where) {
        JsonNode node = settings.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new BadInputException(where + ": field migration." + key + " = " + node + " must be a non-empty string");
        }
        return node.asText();
    }

    /** A command template, or {@code fallback} parsed when the field is absent. */
    public static CommandLineTemplate template(JsonNode settings, String key, String fallback, String where) {
        String text = text(settings, key, fallback, where);
        try {
            return CommandLineTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": field migration." + key + " = '" + text + "': " + e.getMessage());
        }
    }

    /** A plain SQL table name, optionally with its schema. */
    public static String tableName(JsonNode settings, String key, String fallback, String where) {
        String table = text(settings, key, fallback, where);
        if (!table.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?")) {
            throw new BadInputException(where + ": field migration." + key + " = '" + table + "' is not a table name");
        }
        return table;
    }
}
