package io.realdb.engine.migration.alembic;

import java.util.List;
import java.util.Map;

/**
 * What Alembic is told to reach to revert exactly one revision, which is always a head of the
 * database when realdb reverts it (its descendants and dependants went first). Alembic's own
 * semantics decide, and {@code downgrade X} reverts every applied descendant of X:
 * <ul>
 *   <li>a merge: {@code downgrade PARENT} for a parent whose only child is the merge; where every
 *       parent has another child there is no such target ({@code MERGE@-1} is an "ambiguous
 *       walk"), and the merge counts as one that cannot be reverted;</li>
 *   <li>a revision whose parent has no other child: {@code downgrade PARENT};</li>
 *   <li>a base, or a revision whose parent is a fork point: {@code downgrade REV@-1}, relative to
 *       the head of the revision's own branch. {@code downgrade PARENT} would revert every branch
 *       above a fork point, and {@code downgrade base} every revision of every branch.</li>
 * </ul>
 */
final class AlembicTargets {

    private AlembicTargets() {
    }

    /** @return the target, or null when Alembic cannot revert the revision alone */
    static String downgrade(Revision revision, Map<String, List<String>> children) {
        List<String> parents = revision.downRevisions();
        if (parents.size() > 1) {
            return parents.stream().filter(p -> children.getOrDefault(p, List.of()).size() == 1).findFirst().orElse(null);
        }
        if (parents.size() == 1 && children.getOrDefault(parents.get(0), List.of()).size() == 1) {
            return parents.get(0);
        }
        return revision.id() + "@-1";
    }
}
