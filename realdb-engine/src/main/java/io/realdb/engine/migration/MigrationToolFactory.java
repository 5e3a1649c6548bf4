package io.realdb.engine.migration;

import com.fasterxml.jackson.databind.JsonNode;

/** Makes a {@link MigrationTool} from its settings; registered in {@link MigrationTools} by id. */
public interface MigrationToolFactory {

    String id();

    /**
     * @param settings the config's {@code migration} object (never null; may hold only {@code tool})
     * @param where    names the settings' origin in error messages, e.g. the config file
     */
    MigrationTool create(JsonNode settings, String where);

    /** The tool for a run on the database engine {@code engineId}; most tools are the same on every engine. */
    default MigrationTool create(JsonNode settings, String where, String engineId) {
        return create(settings, where);
    }
}
