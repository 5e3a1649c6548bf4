package io.realdb.engine.migration.liquibase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.BadInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON changelog: the same tree, a {@code databaseChangeLog} list of one-key entries
 * ({@code changeSet}, {@code include}, {@code includeAll}, {@code logicalFilePath}, ...). YAML is
 * read with SnakeYAML's safe constructor, which builds plain maps and lists only.
 */
final class MapChangelog {

    private final String path;
    private final ChangelogReader reader;
    private String logicalPath;

    private MapChangelog(String path, ChangelogReader reader) {
        this.path = path;
        this.reader = reader;
        this.logicalPath = path;
    }

    static void readYaml(String path, String text, ChangelogReader reader) {
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new BadInputException("liquibase changelog '" + path + "' is not readable YAML: "
                    + e.getMessage().replace('\n', ' '), e);
        }
        new MapChangelog(path, reader).read(tree);
    }

    static void readJson(String path, String text, ChangelogReader reader) {
        Object tree;
        try {
            tree = new ObjectMapper().readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("liquibase changelog '" + path + "' is not readable JSON: "
                    + e.getOriginalMessage() + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ")", e);
        }
        new MapChangelog(path, reader).read(tree);
    }

    private void read(Object tree) {
        if (!(tree instanceof Map<?, ?> top) || !(top.get("databaseChangeLog") instanceof List<?> entries)) {
            throw problem("it has no databaseChangeLog list");
        }
        int index = 0;
        for (Object entry : entries) {
            index++;
            if (!(entry instanceof Map<?, ?> map)) {
                continue;
            }
            for (Map.Entry<?, ?> item : map.entrySet()) {
                String key = String.valueOf(item.getKey());
                switch (key) {
                    case "logicalFilePath" -> {
                        if (item.getValue() != null && !text(item.getValue()).isBlank()) {
                            logicalPath = text(item.getValue()).trim();
                        }
                    }
                    case "changeSet" -> changeSet(map(item.getValue(), "changeSet", index), index);
                    case "include" -> include(map(item.getValue(), "include", index), index);
                    case "includeAll" -> includeAll(map(item.getValue(), "includeAll", index), index);
                    default -> { }
                }
            }
        }
    }

    private void changeSet(Map<?, ?> changeSet, int index) {
        Object id = changeSet.get("id");
        if (id == null || text(id).isBlank()) {
            throw problem("entry " + index + ": a changeSet has no id");
        }
        Object author = changeSet.get("author");
        Object logical = changeSet.get("logicalFilePath");
        String recorded = logical != null && !text(logical).isBlank() ? text(logical).trim() : logicalPath;
        List<String> changes = new ArrayList<>();
        if (changeSet.get("changes") instanceof List<?> list) {
            for (Object change : list) {
                if (change instanceof Map<?, ?> one) {
                    one.keySet().forEach(name -> changes.add(String.valueOf(name)));
                }
            }
        }
        boolean rollback = changeSet.get("rollback") != null || ChangelogReader.selfInverting(changes);
        reader.add(new Changeset(recorded, text(id), author == null ? "" : text(author), rollback,
                        flag(changeSet.get("runAlways"), false)),
                flag(changeSet.get("ignore"), false), changeSet.get("dbms") == null ? null : text(changeSet.get("dbms")));
    }

    private void include(Map<?, ?> include, int index) {
        Object file = include.get("file");
        if (file == null || text(file).isBlank()) {
            throw problem("entry " + index + ": include has no file");
        }
        if (flag(include.get("ignore"), false)) {
            return;
        }
        reader.include(ChangelogReader.target(text(file), flag(include.get("relativeToChangelogFile"), false), path),
                flag(include.get("errorIfMissing"), true), path);
    }

    private void includeAll(Map<?, ?> includeAll, int index) {
        Object folder = includeAll.get("path");
        if (folder == null || text(folder).isBlank()) {
            throw problem("entry " + index + ": includeAll has no path");
        }
        if (flag(includeAll.get("ignore"), false)) {
            return;
        }
        reader.includeAll(ChangelogReader.target(text(folder), flag(includeAll.get("relativeToChangelogFile"), false),
                        path), flag(includeAll.get("errorIfMissingOrEmpty"), true), path,
                number(includeAll.get("minDepth"), 1, index), number(includeAll.get("maxDepth"), Integer.MAX_VALUE, index),
                includeAll.get("endsWithFilter") == null ? null : text(includeAll.get("endsWithFilter")));
    }

    private Map<?, ?> map(Object value, String what, int index) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw problem("entry " + index + ": " + what + " is not a map of its attributes");
    }

    private static String text(Object value) {
        return String.valueOf(value);
    }

    private static boolean flag(Object value, boolean otherwise) {
        if (value == null) {
            return otherwise;
        }
        return value instanceof Boolean b ? b : Boolean.parseBoolean(text(value).trim());
    }

    private int number(Object value, int otherwise, int index) {
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(text(value).trim());
        } catch (NumberFormatException e) {
            throw problem("entry " + index + ": '" + value + "' is not a number");
        }
    }

    private BadInputException problem(String message) {
        return new BadInputException("liquibase changelog '" + path + "': " + message);
    }
}
