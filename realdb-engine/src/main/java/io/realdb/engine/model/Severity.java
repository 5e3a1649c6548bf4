package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How much a finding weighs. {@link #ERROR} is trouble that is not the change's fault (the
 * server died, the seed could not be restored); it never counts as a vote against the change.
 */
public enum Severity {
    FAILURE,
    WARNING,
    ERROR;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity fromId(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
