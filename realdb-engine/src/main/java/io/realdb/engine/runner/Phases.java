package io.realdb.engine.runner;

import io.realdb.engine.migration.Migration;

import java.util.List;

/** Rules of the sequence that a run and its plan share. */
final class Phases {

    private Phases() {
    }

    /**
     * The migrations of a downgrade that the tool can revert: those before the first it cannot
     * (a Flyway migration without an undo script, a changeset without a rollback), where the
     * downgrade stops.
     */
    static List<Migration> revertible(List<Migration> revert) {
        int reversible = 0;
        while (reversible < revert.size() && revert.get(reversible).reversible()) {
            reversible++;
        }
        return revert.subList(0, reversible);
    }

    /** The note a log or a plan gives when a downgrade stops early, or null when it does not. */
    static String stopNote(List<Migration> revert) {
        List<Migration> revertible = revertible(revert);
        return revertible.size() == revert.size() ? null
                : "Downgrade stops above " + revert.get(revertible.size()).version() + ": the migration tool cannot revert it";
    }
}
