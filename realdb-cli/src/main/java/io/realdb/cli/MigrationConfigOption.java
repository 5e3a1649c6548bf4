package io.realdb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realdb.engine.BadInputException;

import java.io.IOException;
import java.nio.file.Path;

/** Reads {@code --migration-config FILE}: a JSON file holding a {@code migration} object, or the object itself. */
final class MigrationConfigOption {

    private MigrationConfigOption() {
    }

    /** The section, or null when no file was given. */
    static JsonNode read(Path file) {
        if (file == null) {
            return null;
        }
        try {
            JsonNode node = new ObjectMapper().readTree(file.toFile());
            JsonNode section = node != null && node.has("migration") ? node.get("migration") : node;
            if (section == null || !section.isObject()) {
                throw new BadInputException("--migration-config '" + file + "' must hold a JSON object");
            }
            return section;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException("--migration-config '" + file + "' is not valid JSON at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("--migration-config '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }
}
