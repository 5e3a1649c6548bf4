package io.realdb.engine.migration;

import io.realdb.engine.BadInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The migrations a checkout holds, in the order the tool applies them, and what a database's
 * recorded state means in terms of them. A state is what {@link MigrationTool#currentVersion}
 * reads: one version for most tools, the sorted heads joined by {@code ,} for a revision graph
 * with several heads.
 */
public interface MigrationHistory {

    /** Every migration, in an order the tool can apply them one by one. */
    List<Migration> migrations();

    /** The state of a database that no migration has touched. */
    String base();

    /** The state once every migration is applied. */
    String head();

    /**
     * The versions applied in a database at {@code state}.
     *
     * @param where names the history in a message, such as "trunk" or "change"
     * @throws BadInputException when the state names a version this history does not have
     */
    Set<String> applied(String state, String where);

    /** The state a database is at when exactly {@code applied} are applied. */
    String state(Set<String> applied);

    /** The migrations still to apply from {@code state} up to the head, in order. */
    default List<Migration> toApply(String state, String where) {
        Set<String> applied = applied(state, where);
        return migrations().stream().filter(m -> !applied.contains(m.version())).toList();
    }

    /** The migrations to revert from {@code state} down to {@code target}, newest first. */
    default List<Migration> toRevert(String state, String target, String where) {
        Set<String> applied = applied(state, where);
        Set<String> kept = applied(target, where);
        List<Migration> revert = new ArrayList<>();
        for (Migration migration : migrations()) {
            if (applied.contains(migration.version()) && !kept.contains(migration.version())) {
                revert.add(migration);
            }
        }
        Collections.reverse(revert);
        return revert;
    }

    /** A short description for messages: "1 to 12 (12 migrations)". */
    default String summary() {
        List<Migration> all = migrations();
        if (all.isEmpty()) {
            return "no migrations";
        }
        return all.get(0).version() + " to " + all.get(all.size() - 1).version() + " (" + all.size()
                + (all.size() == 1 ? " migration)" : " migrations)");
    }
}
