package io.realdb.engine.migration;

import io.realdb.engine.db.ConnectionInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables through which a migration command finds its database. Credentials travel in
 * the environment, never in the argument list, where {@code ps} would show them. The MySQL
 * client's own variables are set too, so {@code mysql} works without options, and URLs in the
 * shapes SQLAlchemy ({@code REALDB_SQLALCHEMY_URL}) and JDBC ({@code REALDB_JDBC_URL}, without
 * credentials) take. Python tools are told not to buffer their output, so that each line reaches
 * the log when it is printed.
 */
public final class DatabaseEnvironment {

    private DatabaseEnvironment() {
    }

    /** The variables for a server of the engine {@code engineId}. */
    public static Map<String, String> of(String engineId, ConnectionInfo connection, String database) {
        return io.realdb.engine.db.PostgresEngine.ID.equals(engineId) ? postgres(connection, database) : of(connection, database);
    }

    /**
     * PostgreSQL: libpq's variables, which {@code psql} and psycopg read, and URLs for SQLAlchemy
     * (psycopg2) and JDBC. Over a unix socket the JDBC URL names realdb's socket factory, which
     * the Java tools' processes have.
     */
    static Map<String, String> postgres(ConnectionInfo connection, String database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REALDB_DB_NAME", database);
        env.put("REALDB_DB_USER", connection.user());
        env.put("REALDB_DB_PASSWORD", connection.password());
        Map<String, String> libpq = io.realdb.engine.db.PostgresEnvironment.libpq(connection, database);
        env.putAll(libpq);
        String userInfo = encode(connection.user()) + ":" + encode(connection.password());
        env.put("REALDB_DB_HOST", libpq.get("PGHOST"));
        env.put("REALDB_DB_PORT", libpq.get("PGPORT"));
        if (connection.socket() != null) {
            String socket = connection.socket().toString();
            String dir = connection.socket().getParent().toString();
            env.put("REALDB_DB_SOCKET", socket);
            env.put("REALDB_DB_URL", "postgresql://" + userInfo + "@/" + encode(database) + "?host=" + encode(dir)
                    + "&port=" + libpq.get("PGPORT"));
            env.put("REALDB_SQLALCHEMY_URL", "postgresql+psycopg2://" + userInfo + "@/" + encode(database) + "?host="
                    + encode(dir) + "&port=" + libpq.get("PGPORT"));
            env.put("REALDB_JDBC_URL", "jdbc:postgresql://localhost/" + encode(database) + "?socketFactory="
                    + io.realdb.engine.db.UnixSocketFactory.class.getName() + "&socketFactoryArg=" + encode(socket));
        } else {
            String hostPort = connection.host() + ":" + connection.port();
            env.put("REALDB_DB_URL", "postgresql://" + userInfo + "@" + hostPort + "/" + encode(database));
            env.put("REALDB_SQLALCHEMY_URL", "postgresql+psycopg2://" + userInfo + "@" + hostPort + "/" + encode(database));
            env.put("REALDB_JDBC_URL", "jdbc:postgresql://" + hostPort + "/" + encode(database));
        }
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    /** The MySQL family's variables. */
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
            env.put("REALDB_SQLALCHEMY_URL", "mysql+pymysql://" + userInfo + "@localhost/" + database
                    + "?unix_socket=" + encode(socket) + "&charset=utf8mb4");
            // MariaDB Connector/J takes localSocket as written: a percent-encoded path is not found.
            env.put("REALDB_JDBC_URL", "jdbc:mariadb://localhost/" + database + "?localSocket=" + socket);
        } else {
            env.put("REALDB_DB_HOST", connection.host());
            env.put("REALDB_DB_PORT", Integer.toString(connection.port()));
            env.put("MYSQL_HOST", connection.host());
            env.put("MYSQL_TCP_PORT", Integer.toString(connection.port()));
            String hostPort = connection.host() + ":" + connection.port();
            env.put("REALDB_DB_URL", "mysql://" + userInfo + "@" + hostPort + "/" + database);
            env.put("REALDB_SQLALCHEMY_URL", "mysql+pymysql://" + userInfo + "@" + hostPort + "/" + database
                    + "?charset=utf8mb4");
            env.put("REALDB_JDBC_URL", "jdbc:mariadb://" + hostPort + "/" + database);
        }
        env.put("PYTHONUNBUFFERED", "1");
        // Bytecode cached by trunk's steps could outlive a change's edit of the same file within a second.
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
