package io.realdb.engine.db.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a snapshot of a seeded data directory depends on. A snapshot is found only by its key, so
 * a change of any part (another seed, an upgraded server, another database name, a newer snapshot
 * format of realdb) simply finds none, and a new one is made.
 *
 * @param engine     the engine's id, for example {@code mariadb}
 * @param server     the server's programs and the options that shape its files, as the engine names them
 * @param seedSha256 the seed file's SHA-256
 * @param database   the database the seed is restored into
 */
public record SnapshotKey(String engine, String server, String seedSha256, String database) {

    /** Bumped when what a snapshot holds or how it is laid out changes, so that older ones are not used. */
    public static final int FORMAT = 1;

    private static final int ID_HEX_DIGITS = 24;
    private static final int SHORT_HEX_DIGITS = 10;

    /** The snapshot's folder name: hex digits of a SHA-256 of the format and every field. */
    public String id() {
        String text = String.join("\n", Integer.toString(FORMAT), engine, server, seedSha256, database);
        return sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, ID_HEX_DIGITS);
    }

    /** For people and logs. */
    public String shortId() {
        return id().substring(0, SHORT_HEX_DIGITS);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
