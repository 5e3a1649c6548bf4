package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * Every kind of finding, with its stable id, the severity it has unless policy says otherwise, and
 * for a kind that compares a measurement, the step's field it measures.
 */
public enum FindingKind {
    MIGRATION_NOT_ENDED("migration-not-ended", Severity.FAILURE, null),
    END_NOT_FOUND("end-not-found", Severity.FAILURE, null),
    TOOK_TOO_LONG("took-too-long", Severity.FAILURE, Measure.DURATION),
    TOO_MANY_ROWS_READ("too-many-rows-read", Severity.FAILURE, Measure.ROWS_READ),
    TOO_MANY_ROWS_CHANGED("too-many-rows-changed", Severity.FAILURE, Measure.ROWS_CHANGED),
    /** Far above the step's own recent runs, though within its limit. */
    DURATION_REGRESSION("duration-regression", Severity.WARNING, Measure.DURATION),
    ROWS_READ_REGRESSION("rows-read-regression", Severity.WARNING, Measure.ROWS_READ),
    ROWS_CHANGED_REGRESSION("rows-changed-regression", Severity.WARNING, Measure.ROWS_CHANGED),
    /** Writes blocked for longer than {@code maximum_write_block_ms}, as the step's impact measured. */
    WRITES_BLOCKED("writes-blocked", Severity.WARNING, Measure.WRITE_BLOCKED),
    /** Reads blocked for longer than {@code maximum_read_block_ms}, as the step's impact measured. */
    READS_BLOCKED("reads-blocked", Severity.WARNING, Measure.READ_BLOCKED),
    FINAL_VERSION_MISMATCH("final-version-mismatch", Severity.FAILURE, null),
    NO_MIGRATIONS("no-migrations", Severity.FAILURE, null),
    SEED_NOT_RESTORED("seed-not-restored", Severity.ERROR, null),
    TOOL_NOT_RUN("tool-not-run", Severity.ERROR, null),
    INFRASTRUCTURE("infrastructure", Severity.ERROR, null);

    /** The step's fields that findings compare, by their names in result.json. */
    public static final class Measure {
        public static final String DURATION = "durationMs";
        public static final String ROWS_READ = "rowsRead";
        public static final String ROWS_CHANGED = "rowsChanged";
        /** The step's {@code impact.writeBlockedMs}. */
        public static final String WRITE_BLOCKED = "writeBlockedMs";
        /** The step's {@code impact.readBlockedMs}. */
        public static final String READ_BLOCKED = "readBlockedMs";

        private Measure() {
        }
    }

    private final String id;
    private final Severity defaultSeverity;
    private final String measure;

    FindingKind(String id, Severity defaultSeverity, String measure) {
        this.id = id;
        this.defaultSeverity = defaultSeverity;
        this.measure = measure;
    }

    /**
     * The step's field this kind compares ({@code durationMs}, {@code rowsRead}, {@code rowsChanged}, or
     * its impact's {@code writeBlockedMs} or {@code readBlockedMs}),
     * which is also the unit of the finding's value and limit; null for kinds that compare none.
     */
    public String measure() {
        return measure;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** Whether policy may change this kind's severity: trouble outside the change stays an error. */
    public boolean judgesTheChange() {
        return defaultSeverity != Severity.ERROR;
    }

    @JsonCreator
    public static FindingKind fromId(String id) {
        return Arrays.stream(values())
                .filter(k -> k.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown finding kind '" + id + "'"));
    }
}
