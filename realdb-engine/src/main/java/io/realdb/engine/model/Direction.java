package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which way a migration step moves the schema. */
public enum Direction {
    UP("up"),
    DOWN("down");

    private final String id;

    Direction(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }
}
