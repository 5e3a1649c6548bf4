package io.realdb.engine.runner;

import io.realdb.engine.model.Direction;
import io.realdb.engine.model.Phase;

/** One step a run would take, and what it would run. */
public record PlannedStep(Phase phase, Direction direction, String from, String to, String command) {

    public String key() {
        return io.realdb.engine.model.StepKey.of(from, to);
    }
}
