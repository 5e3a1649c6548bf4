package io.realdb.engine.dataset;

import io.realdb.engine.model.Limits;

import java.nio.file.Path;
import java.util.List;

/**
 * What judging a log needs of a dataset: its name and limits, and the password its config holds
 * in clear (turbo-hipster's {@code db_pass}), so that an old log can be sanitised of it.
 */
public record DatasetLimits(String name, Path configFile, Limits limits, List<String> secrets) {

    public DatasetLimits {
        secrets = List.copyOf(secrets);
    }

    @Override
    public String toString() {
        return "DatasetLimits[" + name + " at " + configFile + "]";
    }
}
