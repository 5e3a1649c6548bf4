package io.realdb.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.model.Limits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Limits from a turbo-hipster dataset config, just enough for these tests (the real dataset
 * reader lives elsewhere). Keys starting with {@code _} are annotations, not limits.
 */
final class TurboHipsterConfig {

    private TurboHipsterConfig() {
    }

    static Limits limits(String resource) {
        try (InputStream in = TurboHipsterConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            JsonNode config = new ObjectMapper().readTree(in);
            return new Limits(
                    section(config, "maximum_migration_times", JsonNode::asDouble),
                    section(config, "Innodb_rows_read", JsonNode::asLong),
                    section(config, "XInnodb_rows_changed", JsonNode::asLong),
                    Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> Map<String, T> section(JsonNode config, String name, Function<JsonNode, T> value) {
        Map<String, T> limits = new HashMap<>();
        JsonNode section = config.path(name);
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().startsWith("_") && entry.getValue().isNumber()) {
                limits.put(entry.getKey(), value.apply(entry.getValue()));
            }
        }
        return limits;
    }
}
