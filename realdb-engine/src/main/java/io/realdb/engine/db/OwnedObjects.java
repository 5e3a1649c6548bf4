package io.realdb.engine.db;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * realdb's own record, on an existing server, of the databases and users it created
 * ({@code realdb_registry.owned}): what realdb may remove there, and all it may remove.
 */
final class OwnedObjects {

    static final String SCHEMA = "realdb_registry";
    static final String TABLE = SCHEMA + ".owned";
    static final String DATABASE = "database";
    static final String USER = "user";

    /**
     * One database or user realdb created, the run that created it (named by the run's database),
     * and the process, for people.
     */
    record Owned(String kind, String name, String run, String host, long pid) {
    }

    /**
     * The named lock a run holds on the server for as long as it lives. The server frees it when
     * the run's connection ends, however the run ended, on any machine and in any PID namespace:
     * a free lock is the one sure sign that a run is gone.
     */
    static String runLock(String run) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(run.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "realdb.run." + java.util.HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private OwnedObjects() {
    }

    static void ensureTable(Statement st) throws SQLException {
        st.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
        st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (kind VARCHAR(16) NOT NULL, name VARCHAR(128) NOT NULL, "
                + "run VARCHAR(128) NOT NULL, host VARCHAR(255) NOT NULL, pid BIGINT NOT NULL, created_at BIGINT NOT NULL, "
                + "PRIMARY KEY (kind, name)) ENGINE=InnoDB");
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '"
                + SCHEMA + "' AND TABLE_NAME = 'owned' AND COLUMN_NAME = 'run'")) {
            rs.next();
            if (rs.getInt(1) > 0) {
                return;
            }
        }
        // A table of an earlier realdb, before runs held locks: its rows belong to no live run.
        st.execute("ALTER TABLE " + TABLE + " ADD COLUMN run VARCHAR(128) NOT NULL DEFAULT ''");
    }

    static void record(Connection c, String kind, String name, String run) throws SQLException {
        recordIn(c, kind, name, run, TABLE);
    }

    /** Records in {@code table}: {@link #TABLE} on MariaDB, a table of the registry database on PostgreSQL. */
    static void recordIn(Connection c, String kind, String name, String run, String table) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                + " (kind, name, run, host, pid, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, kind);
            insert.setString(2, name);
            insert.setString(3, run);
            insert.setString(4, localHost());
            insert.setLong(5, ProcessHandle.current().pid());
            insert.setLong(6, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    static boolean isOwned(Connection c, String kind, String name) throws SQLException {
        return isOwnedIn(c, kind, name, TABLE);
    }

    static boolean isOwnedIn(Connection c, String kind, String name, String table) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + table + " WHERE kind = ? AND name = ?")) {
            select.setString(1, kind);
            select.setString(2, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void forget(Connection c, String kind, String name) throws SQLException {
        forgetIn(c, kind, name, TABLE);
    }

    static void forgetIn(Connection c, String kind, String name, String table) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE kind = ? AND name = ?")) {
            delete.setString(1, kind);
            delete.setString(2, name);
            delete.executeUpdate();
        }
    }

    /** Everything recorded; none when realdb never created anything on this server. */
    static List<Owned> all(Connection c) throws SQLException {
        List<Owned> owned = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet exists = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES "
                     + "WHERE TABLE_SCHEMA = '" + SCHEMA + "' AND TABLE_NAME = 'owned'")) {
            exists.next();
            if (exists.getInt(1) == 0) {
                return owned;
            }
        }
        return allIn(c, TABLE);
    }

    /** Everything recorded in {@code table}, which exists. */
    static List<Owned> allIn(Connection c, String table) throws SQLException {
        List<Owned> owned = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT kind, name, run, host, pid FROM " + table + " ORDER BY created_at")) {
            while (rs.next()) {
                owned.add(new Owned(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
            }
        }
        return owned;
    }

    static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
