package io.realdb.engine.model;

/**
 * What a step's own recent runs measured, for a finding that compares a step with its history.
 *
 * @param median the median of the step's values over those runs, in the unit of the finding's value
 * @param runs   how many earlier runs measured the step
 * @param factor how many times the median a value may reach before it is flagged
 */
public record Baseline(long median, int runs, double factor) {
}
