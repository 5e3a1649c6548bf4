package io.realdb.engine.dataset;

import io.realdb.engine.model.Limits;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What judging a log needs of a dataset: its name and limits, and the password its config holds
 * in clear (turbo-hipster's {@code db_pass}) and its sanitising patterns, so that an old log can
 * be sanitised as a run would have been.
 */
public record DatasetLimits(String name, Path configFile, Limits limits, List<String> secrets, List<Pattern> sanitize) {

    public DatasetLimits {
        secrets = List.copyOf(secrets);
        sanitize = List.copyOf(sanitize);
    }

    @Override
    public String toString() {
        return "DatasetLimits[" + name + " at " + configFile + "]";
    }
}
