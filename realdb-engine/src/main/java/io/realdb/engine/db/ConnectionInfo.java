package io.realdb.engine.db;

import java.nio.file.Path;

/**
 * Where a database server is and who connects to it. Exactly one of {@code socket} and
 * {@code host} is set. The password is held here but never printed: {@link #toString()} hides it.
 */
public record ConnectionInfo(String host, int port, Path socket, String user, String password) {

    public static ConnectionInfo tcp(String host, int port, String user, String password) {
        return new ConnectionInfo(host, port, null, user, password);
    }

    public static ConnectionInfo socket(Path socket, String user, String password) {
        return new ConnectionInfo(null, 0, socket, user, password);
    }

    public ConnectionInfo withUser(String otherUser, String otherPassword) {
        return new ConnectionInfo(host, port, socket, otherUser, otherPassword);
    }

    /** For people and logs: where, and as whom, never with the password. */
    public String describe() {
        return (socket != null ? "socket " + socket : host + ":" + port) + " as " + user;
    }

    @Override
    public String toString() {
        return describe();
    }
}
