package io.realdb.engine.migration;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;

/** Orders version names: as numbers when all are numbers, by name otherwise. */
public final class VersionOrder {

    private VersionOrder() {
    }

    public static List<String> sort(List<String> versions) {
        boolean numeric = versions.stream().allMatch(VersionOrder::isNumber);
        Comparator<String> order = numeric ? Comparator.comparing(BigInteger::new) : Comparator.naturalOrder();
        return versions.stream().distinct().sorted(order).toList();
    }

    public static boolean isNumber(String version) {
        return !version.isEmpty() && version.chars().allMatch(Character::isDigit);
    }

    /** A number's canonical spelling: {@code 0007} is version {@code 7}. */
    public static String canonical(String version) {
        return isNumber(version) ? new BigInteger(version).toString() : version;
    }
}
