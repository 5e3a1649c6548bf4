package io.realdb.engine.migration;

import io.realdb.engine.model.Direction;
import io.realdb.engine.model.StepKey;

/**
 * One migration as its tool knows it: applying it moves the schema from {@code from} to
 * {@code version}. A step up is keyed {@code from->version}, a step down
 * {@code version->from}, as limits are.
 *
 * @param version    the migration's own name: a number, a revision id, a changeset id
 * @param from       the state before it, as the step key names it: the previous version, a
 *                   merge's parents joined by {@code +}, or the tool's base
 * @param upTarget   what the tool is told to reach to apply it ({@code {to}} in a command going up)
 * @param downTarget what the tool is told to reach to revert it ({@code {to}} in a command going
 *                   down), or null when the tool cannot revert it
 */
public record Migration(String version, String from, String upTarget, String downTarget) {

    /** A migration of a tool whose targets are the versions themselves. */
    public static Migration of(String version, String from) {
        return new Migration(version, from, version, from);
    }

    public boolean reversible() {
        return downTarget != null;
    }

    /** The step's key in a direction: {@code from->version} up, {@code version->from} down. */
    public String key(Direction direction) {
        return direction == Direction.UP
                ? StepKey.of(from, version) : StepKey.of(version, from);
    }
}
