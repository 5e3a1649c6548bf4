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

    /** One database or user realdb created, and the process that created it. */
    record Owned(String kind, String name, String host, long pid, long createdAtMillis) {

        /** Whether the run that made it is known to be gone: a process of this machine that no longer runs. */
        boolean ownerGone() {
            return host.equals(localHost()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    private OwnedObjects() {
    }

    static void ensureTable(Statement st) throws SQLException {
        st.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
        st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (kind VARCHAR(16) NOT NULL, name VARCHAR(128) NOT NULL, "
                + "host VARCHAR(255) NOT NULL, pid BIGINT NOT NULL, created_at BIGINT NOT NULL, "
                + "PRIMARY KEY (kind, name)) ENGINE=InnoDB");
    }

    static void record(Connection c, String kind, String name) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                + " (kind, name, host, pid, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, kind);
            insert.setString(2, name);
            insert.setString(3, localHost());
            insert.setLong(4, ProcessHandle.current().pid());
            insert.setLong(5, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    static boolean isOwned(Connection c, String kind, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE kind = ? AND name = ?")) {
            select.setString(1, kind);
            select.setString(2, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void forget(Connection c, String kind, String name) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE kind = ? AND name = ?")) {
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
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT kind, name, host, pid, created_at FROM " + TABLE + " ORDER BY created_at")) {
            while (rs.next()) {
                owned.add(new Owned(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
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
