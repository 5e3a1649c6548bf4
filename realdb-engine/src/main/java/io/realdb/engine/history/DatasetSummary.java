package io.realdb.engine.history;

import io.realdb.engine.model.Verdict;

import java.time.Instant;

/** What the history holds of one dataset on one engine (engine null when unknown). */
public record DatasetSummary(String dataset, String engine, long runs, Instant latest, Verdict latestVerdict) {
}
