package io.realdb.engine.db;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The database and user a run works in, and the user's password. On a private server they are
 * the dataset's own names; on an existing server they are made for the run, so that a run never
 * touches a database or user that it did not create.
 */
public record RunDatabase(String database, String user, String password) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_DATABASE_NAME = 64;

    /**
     * Names unique to one run on an existing server: {@code <dataset database>_rdb_<id>} (cut to
     * fit), or {@code database} when given, a user {@code rdb_<id>} and a random password.
     */
    public static RunDatabase forRun(String datasetDatabase, String database) {
        String id = HexFormat.of().formatHex(bytes(6));
        String name = database;
        if (name == null) {
            String suffix = "_rdb_" + id;
            String base = datasetDatabase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            name = base.substring(0, Math.min(base.length(), MAX_DATABASE_NAME - suffix.length())) + suffix;
        }
        return new RunDatabase(name, "rdb_" + id, HexFormat.of().formatHex(bytes(18)));
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "database " + database + " as user " + user;
    }
}
