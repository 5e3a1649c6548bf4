package io.realdb.engine.analysis;

import io.realdb.engine.model.Step;

import java.time.Instant;
import java.util.List;

/**
 * What one log says, before any judgement.
 *
 * @param finalVersion         from the last {@code Final schema version is V}, or null
 * @param lastReachedVersion   the {@code to} of the last step that ended; tells people how far a
 *                             run without a final version got
 * @param expectedFinalVersion from {@code [realdb] Expected final version is V}, or null
 * @param startedAt            the first timestamp, or null without timestamps
 * @param durationMs           first timestamp to last timestamp, or null without timestamps
 * @param lines                physical lines read, continuation lines included
 * @param problems             odd lines worth a look (capped); they never stop the reading
 */
public record LogReading(
        List<Step> steps,
        String finalVersion,
        String lastReachedVersion,
        String expectedFinalVersion,
        Instant startedAt,
        Long durationMs,
        List<LogEvent> events,
        long lines,
        List<String> problems) {

    public LogReading {
        steps = List.copyOf(steps);
        events = List.copyOf(events);
        problems = List.copyOf(problems);
    }
}
