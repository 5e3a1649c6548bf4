package io.realdb.engine.history;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run as the history keeps it: what was run, where, by which build, and every step's
 * measurements and findings. Built with {@link #from(RunResult)}.
 *
 * @param id        the history's id, or null before it is recorded
 * @param engine    the database engine's id ({@code mariadb}, {@code postgresql}), or null when unknown
 * @param startedAt when the run started; orders a dataset's runs
 * @param digest    identifies what the run was recorded from (a result or a log), so that the same
 *                  run is not recorded twice; null when unknown
 * @param source    where it was imported from (a file), or null for a run recorded as it ran
 */
public record RunRecord(
        Long id,
        String dataset,
        String engine,
        String serverVersion,
        String project,
        String change,
        String buildId,
        String buildUrl,
        Instant startedAt,
        Verdict verdict,
        Long durationMs,
        String finalVersion,
        String expectedFinalVersion,
        String digest,
        String source,
        Map<String, String> info,
        List<Step> steps,
        List<Finding> findings) {

    public static final String INFO_ENGINE = "engine";
    public static final String INFO_SERVER_VERSION = "serverVersion";
    public static final String INFO_PROJECT = "project";
    public static final String INFO_CHANGE = "change";
    public static final String INFO_STARTED_AT = "startedAt";
    /**
     * In {@code info}, for runs made up rather than measured (the demo's sample history): what made
     * them, for the report to say so.
     */
    public static final String INFO_SAMPLE = "sample";

    public RunRecord {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(verdict, "verdict");
        info = info == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(info));
        steps = List.copyOf(steps);
        findings = List.copyOf(findings);
    }

    /** The same run as the history numbered it. */
    public RunRecord withId(long newId) {
        return new RunRecord(newId, dataset, engine, serverVersion, project, change, buildId, buildUrl, startedAt,
                verdict, durationMs, finalVersion, expectedFinalVersion, digest, source, info, steps, findings);
    }

    /** The run as a result again, for everything that is made from results. */
    public RunResult toResult() {
        return new RunResult(RunResult.SCHEMA_VERSION, dataset, verdict, finalVersion, expectedFinalVersion,
                durationMs, info, findings, steps);
    }

    /** Starts a record from a result; the result's {@code info} gives engine, project, change and start. */
    public static Builder from(RunResult result) {
        return new Builder(result);
    }

    /** Fills what a result does not say: the build, the time, the dataset of a log. */
    public static final class Builder {
        private final RunResult result;
        private String dataset;
        private String engine;
        private String buildId;
        private String buildUrl;
        private Instant startedAt;
        private String digest;
        private String source;

        private Builder(RunResult result) {
            this.result = result;
            this.dataset = result.dataset();
            this.engine = blankToNull(result.info().get(INFO_ENGINE));
            this.startedAt = instant(result.info().get(INFO_STARTED_AT));
            this.digest = RunDigest.of(result);
        }

        /** Names the dataset when the result has none (a log analysed without one). */
        public Builder datasetIfMissing(String name) {
            if (dataset == null) {
                dataset = blankToNull(name);
            }
            return this;
        }

        /** The engine when the result does not say it (turbo-hipster's logs do not). */
        public Builder engineIfMissing(String id) {
            if (engine == null) {
                engine = blankToNull(id);
            }
            return this;
        }

        public Builder ciBuild(String id, String url) {
            this.buildId = blankToNull(id);
            this.buildUrl = blankToNull(url);
            return this;
        }

        /** When the run started, if the result's {@code info.startedAt} does not say. */
        public Builder startedAtIfMissing(Instant time) {
            if (startedAt == null) {
                startedAt = time;
            }
            return this;
        }

        public Builder digest(String value) {
            this.digest = value;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        public boolean hasDataset() {
            return dataset != null;
        }

        public RunRecord build() {
            Map<String, String> info = result.info();
            return new RunRecord(null, dataset, engine, blankToNull(info.get(INFO_SERVER_VERSION)),
                    blankToNull(info.get(INFO_PROJECT)), blankToNull(info.get(INFO_CHANGE)), buildId, buildUrl,
                    startedAt == null ? Instant.now() : startedAt, result.verdict(), result.durationMs(),
                    result.finalVersion(), result.expectedFinalVersion(), digest, source, info,
                    result.steps(), result.findings());
        }

        private static Instant instant(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
