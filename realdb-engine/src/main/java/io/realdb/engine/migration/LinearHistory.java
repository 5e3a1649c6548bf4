package io.realdb.engine.migration;

import io.realdb.engine.BadInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A history with one line of versions, where each state is the last version applied: numbered
 * files, sqlalchemy-migrate, Flyway, Liquibase.
 */
public final class LinearHistory implements MigrationHistory {

    private final List<Migration> migrations;
    private final String base;
    private final Map<String, Integer> positions = new HashMap<>();

    /** @param migrations oldest first; each one's {@code from} is the one before it, or {@code base} */
    public LinearHistory(List<Migration> migrations, String base) {
        this.migrations = List.copyOf(migrations);
        this.base = base;
        for (int i = 0; i < this.migrations.size(); i++) {
            positions.put(this.migrations.get(i).version(), i);
        }
    }

    /** Versions whose targets are the versions themselves, oldest first. */
    public static LinearHistory of(List<String> versions, String base) {
        List<Migration> migrations = new ArrayList<>(versions.size());
        String previous = base;
        for (String version : versions) {
            migrations.add(Migration.of(version, previous));
            previous = version;
        }
        return new LinearHistory(migrations, base);
    }

    @Override
    public List<Migration> migrations() {
        return migrations;
    }

    @Override
    public String base() {
        return base;
    }

    @Override
    public String head() {
        return migrations.isEmpty() ? base : migrations.get(migrations.size() - 1).version();
    }

    /** The last of {@code applied} in the history's order. */
    @Override
    public String state(Set<String> applied) {
        for (int i = migrations.size() - 1; i >= 0; i--) {
            if (applied.contains(migrations.get(i).version())) {
                return migrations.get(i).version();
            }
        }
        return base;
    }

    @Override
    public Set<String> applied(String state, String where) {
        if (state.equals(base)) {
            return Set.of();
        }
        Integer position = positions.get(state);
        if (position == null) {
            throw new BadInputException("the database is at version " + state + ", which the " + where
                    + " does not have (it has " + summary() + ")");
        }
        Set<String> applied = new HashSet<>();
        for (int i = 0; i <= position; i++) {
            applied.add(migrations.get(i).version());
        }
        return applied;
    }
}
