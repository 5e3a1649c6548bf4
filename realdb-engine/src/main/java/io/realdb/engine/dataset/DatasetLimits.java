package io.realdb.engine.dataset;

import io.realdb.engine.model.Limits;

import java.nio.file.Path;

/** What judging a log needs of a dataset: its name and limits, without its seed or secrets. */
public record DatasetLimits(String name, Path configFile, Limits limits) {
}
