package io.realdb.engine.model;

import java.math.BigInteger;

/** How a step is named in limits, findings and reports. */
public final class StepKey {

    private StepKey() {
    }

    public static String of(String from, String to) {
        return from + "->" + to;
    }

    /**
     * Numbered versions compare as numbers. Other version names (revision hashes) cannot be
     * ordered by name, so a step between them is taken as an upgrade unless told otherwise.
     */
    public static Direction directionOf(String from, String to) {
        BigInteger a = number(from);
        BigInteger b = number(to);
        if (a != null && b != null && b.compareTo(a) < 0) {
            return Direction.DOWN;
        }
        return Direction.UP;
    }

    private static BigInteger number(String version) {
        if (version == null || version.isEmpty() || !version.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return new BigInteger(version);
    }
}
