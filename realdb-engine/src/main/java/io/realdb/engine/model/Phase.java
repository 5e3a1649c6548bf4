package io.realdb.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The part of the job a step belongs to. {@link #UPGRADE} is used for logs that do not mark
 * phases (turbo-hipster's), where only the direction is known.
 */
public enum Phase {
    UPGRADE_TRUNK("upgrade-trunk"),
    UPGRADE_CHANGE("upgrade-change"),
    DOWNGRADE("downgrade"),
    UPGRADE_AGAIN("upgrade-again"),
    UPGRADE("upgrade");

    private final String id;

    Phase(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Phase fromId(String id) {
        return Arrays.stream(values())
                .filter(p -> p.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown phase '" + id + "'"));
    }
}
