package io.realdb.engine.db;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells a server's failure from a statement's. A migration that fails because the server died,
 * the connection dropped or the disk filled is not the change's fault: those are
 * infrastructure. Everything else (syntax, constraint, lock timeout) is the statement's.
 */
public final class SqlErrors {

    /** MariaDB and MySQL error codes that mean the server, not the statement, failed. */
    private static final Set<Integer> INFRASTRUCTURE_CODES = Set.of(
            1021, // ER_DISK_FULL
            1037, // ER_OUTOFMEMORY
            1041, // ER_OUT_OF_RESOURCES
            1053, // ER_SERVER_SHUTDOWN
            1114, // ER_RECORD_FILE_FULL: InnoDB's answer when its tablespace cannot grow (disk full)
            1927, // ER_CONNECTION_KILLED
            2002, // CR_CONNECTION_ERROR (socket)
            2003, // CR_CONN_HOST_ERROR
            2006, // CR_SERVER_GONE_ERROR
            2013); // CR_SERVER_LOST

    /** Access refused: wrong user or password, or a missing privilege. */
    private static final Set<Integer> ACCESS_DENIED_CODES = Set.of(
            1044, // ER_DBACCESS_DENIED_ERROR
            1045, // ER_ACCESS_DENIED_ERROR
            1130, // ER_HOST_NOT_PRIVILEGED
            1142, // ER_TABLEACCESS_DENIED_ERROR
            1227, // ER_SPECIFIC_ACCESS_DENIED_ERROR
            1698); // ER_ACCESS_DENIED_NO_PASSWORD_ERROR

    /** "errno: 28", "Errcode: 28", "error 28": ENOSPC as storage engines report it. */
    private static final Pattern DISK_FULL = Pattern.compile(
            "(?i)(errno|errcode|error)\\W{0,3}28\\b|no space left on device");

    private SqlErrors() {
    }

    /**
     * Whether {@code e}, or any exception chained to it, says the connection was lost, the server
     * went away or shut down, or the disk or memory ran out.
     */
    public static boolean isInfrastructure(SQLException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ((state != null && state.startsWith("08")) || INFRASTRUCTURE_CODES.contains(sql.getErrorCode())) {
                    return true;
                }
            }
            if (t.getMessage() != null && DISK_FULL.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the server refused the login or the privilege (SQLSTATE class 28 or 42000 codes). */
    public static boolean isAccessDenied(SQLException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof SQLException sql
                    && (ACCESS_DENIED_CODES.contains(sql.getErrorCode())
                    || (sql.getSQLState() != null && sql.getSQLState().startsWith("28")))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server's own text, without the driver's {@code (conn=123)} prefix, with the error code:
     * what a user needs to see.
     */
    public static String message(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        text = text.replaceFirst("^\\(conn=\\d+\\)\\s*", "").strip();
        return e.getErrorCode() > 0 ? text + " (error " + e.getErrorCode() + ")" : text;
    }

    private static List<Throwable> chain(SQLException e) {
        List<Throwable> all = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && all.size() < 20) {
            Throwable t = todo.poll();
            if (all.contains(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return all;
    }
}
