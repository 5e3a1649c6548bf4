package io.realdb.engine.migration.liquibase;

/**
 * One changeset as a changelog declares it. Liquibase knows a changeset by its file, id and
 * author together; that is what {@code DATABASECHANGELOG} records.
 *
 * @param path      the changelog file as Liquibase records it: the path from the project's root, or
 *                  the {@code logicalFilePath} that replaces it
 * @param id        the changeset's id
 * @param author    the changeset's author
 * @param rollback  whether Liquibase can roll it back: it has a rollback of its own, or only changes
 *                  that Liquibase inverts by itself
 * @param runAlways whether it is marked {@code runAlways}
 */
public record Changeset(String path, String id, String author, boolean rollback, boolean runAlways) {

    /** Liquibase's own name for it, as in {@code Running Changeset: path::id::author}. */
    public String identity() {
        return identity(path, id, author);
    }

    public static String identity(String path, String id, String author) {
        return path + "::" + id + "::" + author;
    }
}
