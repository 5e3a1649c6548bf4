package io.realdb.engine.analysis;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a run log and judges it: what {@code realdb analyze} and the runner call. */
public final class LogAnalyzer {

    public static final String INFO_LOG = "log";
    public static final String INFO_LAST_REACHED_VERSION = "lastReachedVersion";
    public static final String INFO_STARTED_AT = "startedAt";

    private LogAnalyzer() {
    }

    /** @throws BadInputException when the file cannot be read */
    public static RunResult analyze(Path log, AnalysisOptions options) {
        LogReading reading;
        try {
            reading = new LogReader(options.lineListener(), options.lineFilter(), options.zoneOrDefault()).read(log);
        } catch (IOException e) {
            throw new BadInputException("Cannot read the log " + log + ": " + e, e);
        }
        if (reading.durationMs() == null) {
            throw new BadInputException("'" + log + "' is not a run log: " + (reading.lines() == 0 ? "it is empty"
                    : "none of its " + reading.lines() + " line(s) starts with a timestamp such as 2026-11-29T19:49:43.084Z or 2014-01-16 07:03:50,708"));
        }
        if (reading.lines() < 2) {
            throw new BadInputException("the log '" + log + "' stops after its first line, before any migration "
                    + "or result: it was cut short, or is not a whole run's log");
        }
        Map<String, String> info = new LinkedHashMap<>();
        Path name = log.getFileName();
        info.put(INFO_LOG, name == null ? log.toString() : name.toString());
        return result(reading, options, info);
    }

    /** @throws InfrastructureException when reading fails; the caller handed a working reader */
    public static RunResult analyze(Reader log, AnalysisOptions options) {
        try {
            return result(new LogReader(options.lineListener(), options.lineFilter(), options.zoneOrDefault()).read(log), options, Map.of());
        } catch (IOException e) {
            throw new InfrastructureException("Could not read the log: " + e, e);
        }
    }

    /**
     * The result of a log already read, for callers that read it themselves.
     *
     * @param info what was run, for people; {@code lastReachedVersion} is added when known, and
     *             {@code startedAt} (the log's first timestamp) when {@code info} has none
     */
    public static RunResult result(LogReading reading, AnalysisOptions options, Map<String, String> info) {
        String expected = options.expectedFinalVersion() != null
                ? options.expectedFinalVersion()
                : reading.expectedFinalVersion();
        List<Finding> findings = new LogJudge(options.limits()).judge(reading, expected);
        Map<String, String> allInfo = new LinkedHashMap<>(info);
        if (reading.startedAt() != null) {
            allInfo.putIfAbsent(INFO_STARTED_AT, reading.startedAt().toString());
        }
        if (reading.lastReachedVersion() != null) {
            allInfo.put(INFO_LAST_REACHED_VERSION, reading.lastReachedVersion());
        }
        // Each step keeps the limits it was judged against, so that the result explains itself later.
        List<Step> judged = reading.steps().stream().map(s -> s.withLimits(options.limits().forStep(s.key()))).toList();
        return new RunResult(RunResult.SCHEMA_VERSION, options.dataset(), Verdict.of(findings),
                reading.finalVersion(), expected, reading.durationMs(), allInfo, findings, judged);
    }
}
