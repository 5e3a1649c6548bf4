package io.realdb.engine.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes keys inside sections of a dataset config (the limit maps) and keeps everything else:
 * the other keys, their order, comments ({@code _} keys) and the file's indentation. A section
 * whose keys were sorted stays sorted; otherwise new keys go at its end.
 */
public final class DatasetConfigEditor {

    private static final Pattern INDENT = Pattern.compile("\\n([ \\t]+)\\S");

    /**
     * An edit of one config file.
     *
     * @param original the file as it was
     * @param before   the file as it was, in the form {@link #after} is written in: a diff of the
     *                 two shows only what the edit changes
     * @param after    the file as the edit writes it
     */
    public record Edit(Path file, String original, String before, String after) {

        public boolean changes() {
            return !original.equals(after) && !before.equals(after);
        }

        /** Writes the file whole or not at all. */
        public void write() {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try {
                Files.writeString(temp, after, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new InfrastructureException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private DatasetConfigEditor() {
    }

    /**
     * @param set     per section key, the entries to add or change
     * @param removed per section key, the entries to remove
     */
    public static Edit edit(Path configFile, Map<String, Map<String, Number>> set, Map<String, Set<String>> removed) {
        String original;
        try {
            original = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read dataset config '" + configFile + "': " + e.getMessage(), e);
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root;
        try {
            JsonNode node = mapper.readTree(original);
            if (node == null || !node.isObject()) {
                throw new BadInputException("dataset config '" + configFile + "' must hold a JSON object");
            }
            root = (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new BadInputException("dataset config '" + configFile + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
        DefaultPrettyPrinter printer = printer(original);
        String before = print(mapper, printer, root);
        for (Map.Entry<String, Map<String, Number>> section : set.entrySet()) {
            ObjectNode map = section(root, section.getKey(), configFile);
            boolean sorted = isSorted(map);
            section.getValue().forEach((key, value) -> map.set(key, number(value)));
            if (sorted) {
                sort(map);
            }
        }
        for (Map.Entry<String, Set<String>> section : removed.entrySet()) {
            JsonNode map = root.get(section.getKey());
            if (map instanceof ObjectNode object) {
                section.getValue().forEach(object::remove);
            }
        }
        return new Edit(configFile, original, before, print(mapper, printer, root));
    }

    private static ObjectNode section(ObjectNode root, String key, Path configFile) {
        JsonNode node = root.get(key);
        if (node == null) {
            return root.putObject(key);
        }
        if (!node.isObject()) {
            throw new BadInputException("dataset config '" + configFile + "': field " + key + " must be an object");
        }
        return (ObjectNode) node;
    }

    private static JsonNode number(Number value) {
        double d = value.doubleValue();
        if (value instanceof Long || value instanceof Integer || d == Math.rint(d) && Math.abs(d) < 1e15) {
            return JsonNodeFactory.instance.numberNode(value.longValue());
        }
        return JsonNodeFactory.instance.numberNode(d);
    }

    private static boolean isSorted(ObjectNode map) {
        List<String> keys = new ArrayList<>();
        map.fieldNames().forEachRemaining(keys::add);
        for (int i = 1; i < keys.size(); i++) {
            if (keys.get(i - 1).compareTo(keys.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static void sort(ObjectNode map) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            entries.put(entry.getKey(), entry.getValue());
        }
        map.removeAll();
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> map.set(e.getKey(), e.getValue()));
    }

    /** Pretty printing in the file's own indentation, {@code "key": value} as people write it. */
    private static DefaultPrettyPrinter printer(String original) {
        Matcher indent = INDENT.matcher(original);
        String unit = indent.find() ? indent.group(1) : "  ";
        DefaultIndenter indenter = new DefaultIndenter(unit, "\n");
        return new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }

    private static String print(ObjectMapper mapper, DefaultPrettyPrinter printer, ObjectNode root) {
        try {
            return mapper.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed config could not be written again", e);
        }
    }
}
