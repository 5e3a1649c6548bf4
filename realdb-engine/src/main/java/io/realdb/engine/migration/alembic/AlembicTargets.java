package io.realdb.engine.migration.alembic;

import java.util.List;

/**
 * What Alembic is told to reach to revert exactly one revision, which is always a head of the
 * database when realdb reverts it (its descendants and dependants went first). Alembic's own
 * semantics decide:
 * <ul>
 *   <li>a merge: {@code downgrade PARENT} (any of its parents) leaves all its parents as heads,
 *       where {@code MERGE@-1} is an "ambiguous walk";</li>
 *   <li>a revision whose parent has no other child: {@code downgrade PARENT};</li>
 *   <li>a base, or a revision whose parent is a fork point: {@code downgrade REV@-1}, relative to
 *       the head of the revision's own branch. {@code downgrade PARENT} would revert every branch
 *       above a fork point, and {@code downgrade base} every revision of every branch.</li>
 * </ul>
 */
final class AlembicTargets {

    private AlembicTargets() {
    }

    static String downgrade(Revision revision, List<String> childrenOfParent) {
        List<String> parents = revision.downRevisions();
        if (parents.size() > 1) {
            return parents.get(0);
        }
        if (parents.size() == 1 && childrenOfParent.size() == 1) {
            return parents.get(0);
        }
        return revision.id() + "@-1";
    }
}
