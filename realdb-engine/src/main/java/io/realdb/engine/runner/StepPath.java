package io.realdb.engine.runner;

import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.MigrationTool;

import java.util.ArrayList;
import java.util.List;

/** The versions a phase passes through, one migration at a time. */
final class StepPath {

    private StepPath() {
    }

    /** From {@code from} up to the newest of {@code versions}: {@code [from, next, ..., head]}. */
    static List<String> upTo(List<String> versions, String from, String where) {
        int start = indexOf(versions, from, where);
        List<String> path = new ArrayList<>();
        path.add(from);
        path.addAll(versions.subList(start + 1, versions.size()));
        return path;
    }

    /** From {@code from} down to {@code to}: {@code [from, previous, ..., to]}. */
    static List<String> downTo(List<String> versions, String from, String to, String where) {
        int start = indexOf(versions, from, where);
        int end = indexOf(versions, to, where);
        List<String> path = new ArrayList<>();
        path.add(from);
        for (int i = start - 1; i >= end && i >= 0; i--) {
            path.add(versions.get(i));
        }
        if (to.equals(MigrationTool.NO_VERSION) && !path.get(path.size() - 1).equals(to)) {
            path.add(to);
        }
        return path;
    }

    /** The position of a version; the version no migration made sits before the first. */
    private static int indexOf(List<String> versions, String version, String where) {
        if (version.equals(MigrationTool.NO_VERSION)) {
            return -1;
        }
        int index = versions.indexOf(version);
        if (index < 0) {
            throw new BadInputException("the database is at version " + version + ", which the " + where
                    + " does not have (it has " + (versions.isEmpty() ? "no versions" : versions.get(0) + " to "
                    + versions.get(versions.size() - 1)) + ")");
        }
        return index;
    }
}
