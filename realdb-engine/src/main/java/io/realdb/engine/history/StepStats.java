package io.realdb.engine.history;

import io.realdb.engine.model.StepKey;

/**
 * One step of one dataset on one engine, summed up over every recorded run in which it ended.
 *
 * @param engine          null when unknown
 * @param maxRowsRead     null when no run had counters for it
 * @param maxRowsChanged  null when no run had counters for it
 */
public record StepStats(
        String dataset,
        String engine,
        String from,
        String to,
        long samples,
        double meanDurationMs,
        long maxDurationMs,
        Long maxRowsRead,
        Long maxRowsChanged) {

    public String key() {
        return StepKey.of(from, to);
    }
}
