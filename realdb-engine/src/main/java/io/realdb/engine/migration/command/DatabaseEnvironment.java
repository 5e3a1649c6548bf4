package io.realdb.engine.migration.command;

import io.realdb.engine.db.ConnectionInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables through which a migration command finds its database. Credentials travel in
 * the environment, never in the argument list, where {@code ps} would show them. The MySQL
 * client's own variables are set too, so {@code mysql} works without options.
 */
public final class DatabaseEnvironment {

    private DatabaseEnvironment() {
    }

    public static Map<String, String> of(ConnectionInfo connection, String database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REALDB_DB_NAME", database);
        env.put("REALDB_DB_USER", connection.user());
        env.put("REALDB_DB_PASSWORD", connection.password());
        env.put("MYSQL_PWD", connection.password());
        String userInfo = encode(connection.user()) + ":" + encode(connection.password());
        if (connection.socket() != null) {
            String socket = connection.socket().toString();
            env.put("REALDB_DB_SOCKET", socket);
            env.put("MYSQL_UNIX_PORT", socket);
            env.put("REALDB_DB_HOST", "localhost");
            env.put("REALDB_DB_URL", "mysql://" + userInfo + "@localhost/" + database + "?unix_socket=" + encode(socket));
        } else {
            env.put("REALDB_DB_HOST", connection.host());
            env.put("REALDB_DB_PORT", Integer.toString(connection.port()));
            env.put("MYSQL_HOST", connection.host());
            env.put("MYSQL_TCP_PORT", Integer.toString(connection.port()));
            env.put("REALDB_DB_URL", "mysql://" + userInfo + "@" + connection.host() + ":" + connection.port() + "/" + database);
        }
        return env;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
