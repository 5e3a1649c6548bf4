package io.realdb.engine.migration.liquibase;

import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.LinearHistory;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationTool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A changelog's changesets as realdb's steps, one changeset per step, each named by a key that
 * steps, limits and the final version use:
 * <ul>
 *   <li>the changeset's {@code id}, when no other changeset has it;</li>
 *   <li>else {@code author:id}, when that is unique;</li>
 *   <li>else Liquibase's own {@code path::id::author}.</li>
 * </ul>
 * Whitespace in a key becomes {@code _}, since a log's step line separates versions by spaces. A
 * key is never the base, {@code 0}, the state of a database that no changeset has touched.
 * <p>
 * A migration's targets are the changeset's {@code path::id::author}, which the step process is
 * told to apply or roll back; its down target is null when Liquibase cannot roll it back.
 */
final class ChangesetHistory {

    static final String BASE = MigrationTool.NO_VERSION;

    private final LinearHistory history;
    private final Map<String, String> keysByIdentity = new HashMap<>();
    private final Map<String, List<String>> keysByIdAndAuthor = new HashMap<>();

    private ChangesetHistory(List<Changeset> changesets, List<String> keys) {
        List<Migration> migrations = new ArrayList<>(changesets.size());
        String previous = BASE;
        for (int i = 0; i < changesets.size(); i++) {
            Changeset changeset = changesets.get(i);
            String key = keys.get(i);
            migrations.add(new Migration(key, previous, changeset.identity(),
                    changeset.rollback() ? changeset.identity() : null));
            keysByIdentity.put(changeset.identity(), key);
            keysByIdAndAuthor.computeIfAbsent(changeset.id() + "::" + changeset.author(), k -> new ArrayList<>()).add(key);
            previous = key;
        }
        history = new LinearHistory(migrations, BASE);
    }

    /**
     * @throws BadInputException when a changeset is {@code runAlways}: Liquibase runs it at every
     *                           update, so one changeset per step cannot get past it
     */
    static ChangesetHistory of(List<Changeset> changesets) {
        for (Changeset changeset : changesets) {
            if (changeset.runAlways()) {
                throw new BadInputException("liquibase changeset " + changeset.identity() + " is runAlways: Liquibase "
                        + "runs it again at every update, so realdb cannot apply one changeset per step past it");
            }
        }
        return new ChangesetHistory(changesets, keys(changesets));
    }

    LinearHistory history() {
        return history;
    }

    /**
     * The key of a changeset that {@code DATABASECHANGELOG} names, or null when the changelog does
     * not have it. A row whose file is spelled otherwise (a seed made with another search path)
     * still matches when its id and author are unique in the changelog.
     */
    String keyOf(String path, String id, String author) {
        String key = keysByIdentity.get(Changeset.identity(ChangelogReader.normalize(path), id, author));
        if (key == null && "raw".equals(id) && SqlChangelog.RAW_AUTHOR.equals(author)) {
            // Liquibase before 4.27 named every plain SQL file's changeset "raw".
            String normalized = ChangelogReader.normalize(path);
            key = keysByIdentity.get(Changeset.identity(normalized, "raw_" + normalized.replace("/", "_"), author));
        }
        if (key == null) {
            List<String> candidates = keysByIdAndAuthor.getOrDefault(id + "::" + author, List.of());
            key = candidates.size() == 1 ? candidates.get(0) : null;
        }
        return key;
    }

    private static List<String> keys(List<Changeset> changesets) {
        int[] level = new int[changesets.size()];
        while (true) {
            List<String> keys = new ArrayList<>(changesets.size());
            for (int i = 0; i < changesets.size(); i++) {
                keys.add(key(changesets.get(i), level[i]));
            }
            Map<String, List<Integer>> byKey = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                byKey.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(i);
            }
            boolean raised = false;
            for (Map.Entry<String, List<Integer>> entry : byKey.entrySet()) {
                if (entry.getValue().size() == 1 && !entry.getKey().equals(BASE)) {
                    continue;
                }
                boolean raisedHere = false;
                for (int i : entry.getValue()) {
                    if (level[i] < 2) {
                        level[i]++;
                        raisedHere = true;
                    }
                }
                if (!raisedHere) {
                    throw new BadInputException("liquibase changesets " + entry.getValue().stream()
                            .map(i -> changesets.get(i).identity()).collect(Collectors.joining(" and "))
                            + " get the same key, " + entry.getKey() + ": give one of them another id");
                }
                raised = true;
            }
            if (!raised) {
                return keys;
            }
        }
    }

    private static String key(Changeset changeset, int level) {
        String key = switch (level) {
            case 0 -> changeset.id();
            case 1 -> changeset.author() + ":" + changeset.id();
            default -> changeset.identity();
        };
        return key.strip().replaceAll("\\s+", "_");
    }
}
