package io.realdb.engine.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.model.Limits;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One dataset: a copy of a real database (the seed) with the limits its migrations are held to.
 *
 * @param name        the dataset's name in reports (its folder's name unless the config says)
 * @param password    the password of {@code user}; never printed, see {@link #toString()}
 * @param migration   the {@code migration} section of the config, or null for the default tool
 * @param downgradeTo the version to downgrade to, {@code none}, or null for the seed's version
 * @param sanitize    patterns of secrets to mask in tool output, besides the built-in ones
 * @param impact      how the steps' online impact is probed
 */
public record Dataset(
        String name,
        Path folder,
        Path configFile,
        String project,
        String engine,
        String database,
        String user,
        String password,
        Path seed,
        Limits limits,
        JsonNode migration,
        String downgradeTo,
        List<Pattern> sanitize,
        ImpactSettings impact) {

    public Dataset {
        sanitize = List.copyOf(sanitize);
        impact = impact == null ? ImpactSettings.DEFAULT : impact;
    }

    public static final String NO_DOWNGRADE = "none";

    @Override
    public String toString() {
        return "Dataset[" + name + " at " + folder + ", database " + database + " as " + user + "]";
    }
}
