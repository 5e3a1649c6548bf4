package io.realdb.engine.migration.alembic;

import java.nio.file.Path;
import java.util.List;

/**
 * One Alembic revision file as read: its id, the revisions it follows ({@code down_revision}:
 * none for a base, two or more for a merge), its branch labels and its dependencies.
 */
record Revision(String id, List<String> downRevisions, List<String> branchLabels, List<String> dependsOn, Path file) {

    Revision {
        downRevisions = List.copyOf(downRevisions);
        branchLabels = List.copyOf(branchLabels);
        dependsOn = List.copyOf(dependsOn);
    }
}
