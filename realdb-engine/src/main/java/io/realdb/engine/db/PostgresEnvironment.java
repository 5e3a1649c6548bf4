package io.realdb.engine.db;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * libpq's own variables ({@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD},
 * {@code PGDATABASE}), which {@code psql}, {@code pg_restore} and every libpq-based driver read:
 * a password travels in the environment, never in an argument list.
 */
public final class PostgresEnvironment {

    private PostgresEnvironment() {
    }

    /** For a unix socket, {@code PGHOST} is its folder and {@code PGPORT} the number its name ends with. */
    public static Map<String, String> libpq(ConnectionInfo connection, String database) {
        Map<String, String> env = new LinkedHashMap<>();
        if (connection.socket() != null) {
            env.put("PGHOST", connection.socket().getParent().toString());
            env.put("PGPORT", socketPort(connection.socket().getFileName().toString()));
        } else {
            env.put("PGHOST", connection.host());
            env.put("PGPORT", Integer.toString(connection.port()));
        }
        env.put("PGUSER", connection.user());
        if (connection.password() != null) {
            env.put("PGPASSWORD", connection.password());
        }
        if (database != null) {
            env.put("PGDATABASE", database);
        }
        return env;
    }

    /** {@code .s.PGSQL.5433} is port 5433; any other name, the default 5432. */
    static String socketPort(String socketName) {
        String prefix = ".s.PGSQL.";
        if (socketName.startsWith(prefix) && socketName.substring(prefix.length()).matches("\\d{1,5}")) {
            return socketName.substring(prefix.length());
        }
        return "5432";
    }
}
