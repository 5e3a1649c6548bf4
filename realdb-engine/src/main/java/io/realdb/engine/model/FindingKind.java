package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** Every kind of finding, with its stable id and the severity it has unless policy says otherwise. */
public enum FindingKind {
    MIGRATION_NOT_ENDED("migration-not-ended", Severity.FAILURE),
    END_NOT_FOUND("end-not-found", Severity.FAILURE),
    TOOK_TOO_LONG("took-too-long", Severity.FAILURE),
    TOO_MANY_ROWS_READ("too-many-rows-read", Severity.FAILURE),
    TOO_MANY_ROWS_CHANGED("too-many-rows-changed", Severity.FAILURE),
    WRITES_BLOCKED("writes-blocked", Severity.WARNING),
    READS_BLOCKED("reads-blocked", Severity.WARNING),
    FINAL_VERSION_MISMATCH("final-version-mismatch", Severity.FAILURE),
    NO_MIGRATIONS("no-migrations", Severity.FAILURE),
    SEED_NOT_RESTORED("seed-not-restored", Severity.ERROR),
    TOOL_NOT_RUN("tool-not-run", Severity.ERROR),
    INFRASTRUCTURE("infrastructure", Severity.ERROR);

    private final String id;
    private final Severity defaultSeverity;

    FindingKind(String id, Severity defaultSeverity) {
        this.id = id;
        this.defaultSeverity = defaultSeverity;
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
