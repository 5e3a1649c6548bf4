package io.realdb.engine.migration;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

/** Orders numbered versions as numbers: {@code 9 < 10}. */
public final class VersionOrder {

    private VersionOrder() {
    }

    /** @param versions numbers only */
    public static List<String> sort(List<String> versions) {
        return versions.stream().distinct().sorted(Comparator.comparing(BigInteger::new)).toList();
    }

    public static boolean isNumber(String version) {
        return !version.isEmpty() && version.chars().allMatch(Character::isDigit);
    }

    /** A number's canonical spelling: {@code 0007} is version {@code 7}. */
    public static String canonical(String version) {
        return isNumber(version) ? new BigInteger(version).toString() : version;
    }
}
