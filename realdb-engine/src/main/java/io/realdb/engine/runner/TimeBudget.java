package io.realdb.engine.runner;

import io.realdb.engine.model.Limits;

import java.time.Duration;

/**
 * How long one step may run before it is killed: its time limit times a factor, never less
 * than a floor (a limit of seconds must not kill a step on a busy machine) and never more than
 * a global maximum. A step without a limit gets the maximum.
 */
public record TimeBudget(double factor, Duration floor, Duration maximum) {

    public static final TimeBudget DEFAULT = new TimeBudget(3.0, Duration.ofMinutes(1), Duration.ofHours(2));

    public TimeBudget {
        if (factor <= 0) {
            throw new IllegalArgumentException("the time factor must be above 0, not " + factor);
        }
        if (floor.compareTo(maximum) > 0) {
            floor = maximum;
        }
    }

    public Duration forStep(Limits limits, String stepKey) {
        return limits.secondsFor(stepKey)
                .map(seconds -> Duration.ofMillis(Math.round(seconds * factor * 1000)))
                .map(budget -> budget.compareTo(floor) < 0 ? floor : budget)
                .map(budget -> budget.compareTo(maximum) > 0 ? maximum : budget)
                .orElse(maximum);
    }
}
