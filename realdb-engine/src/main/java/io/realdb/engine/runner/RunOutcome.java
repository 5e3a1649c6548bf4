package io.realdb.engine.runner;

import io.realdb.engine.model.RunResult;

import java.nio.file.Path;

/** What a run left behind: its judged result and where its files are. */
public record RunOutcome(RunResult result, Path log, Path resultFile) {
}
