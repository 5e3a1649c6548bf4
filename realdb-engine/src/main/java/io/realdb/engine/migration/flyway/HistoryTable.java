package io.realdb.engine.migration.flyway;

import io.realdb.engine.db.SqlScript;
import io.realdb.engine.db.SqlStatement;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyway's schema history table ({@code flyway_schema_history} unless configured otherwise), read
 * as Flyway reads it: the database is at the version of the latest row, by {@code installed_rank},
 * that succeeded and has a version. A failed row ({@code success = 0}, left by a migration that
 * broke half-way on a server without transactional DDL) is not applied; repeatable migrations'
 * rows have no version.
 */
final class HistoryTable {

    /** MySQL's and MariaDB's "table doesn't exist". */
    static final int NO_SUCH_TABLE = 1146;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    /** The row that makes a database's version. */
    record Row(long installedRank, String version) {
    }

    private final String name;

    /** @throws IllegalArgumentException when {@code name} is not a plain table name */
    HistoryTable(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a table name (letters, digits, _ and $)");
        }
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The table's name quoted as the connection's server quotes names (a backtick, or a double quote). */
    private String quoted(Connection connection) throws SQLException {
        String quote = connection.getMetaData().getIdentifierQuoteString().strip();
        return quote + name.replace(quote, quote + quote) + quote;
    }

    /**
     * The row the database's version comes from, or empty when no migration is applied.
     *
     * @throws SQLException with {@link #NO_SUCH_TABLE} when the table is not there
     */
    Optional<Row> current(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT installed_rank, version FROM " + quoted(connection)
                     + " WHERE success = TRUE AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rows.next() ? Optional.of(new Row(rows.getLong(1), rows.getString(2))) : Optional.empty();
        }
    }

    /**
     * The versions of every migration that succeeded, as written in the table, in the order they ran.
     *
     * @throws SQLException with {@link #NO_SUCH_TABLE} when the table is not there
     */
    List<String> succeeded(Connection connection) throws SQLException {
        List<String> versions = new java.util.ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM " + quoted(connection)
                     + " WHERE success = TRUE AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        }
        return versions;
    }

    /** Forgets an applied migration, as if it had never run. */
    void delete(Connection connection, Row row) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + quoted(connection) + " WHERE installed_rank = ?")) {
            delete.setLong(1, row.installedRank());
            delete.executeUpdate();
        }
    }

    /** Whether the database holds tables besides this one: Flyway refuses to migrate such a schema without its table. */
    boolean othersExist(Connection connection, String database) throws SQLException {
        // A MySQL database is a schema; in PostgreSQL, Flyway works in the connection's current schema.
        String schema = connection.getSchema() != null ? connection.getSchema() : database;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME <> ?")) {
            query.setString(1, schema);
            query.setString(2, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getLong(1) > 0;
            }
        }
    }

    /**
     * The version a mysqldump of the database holds, read from the table's {@code INSERT}
     * statements without a server: the latest applied row's version, {@code base} when the dump
     * creates the table but has no applied row in it, empty when the dump has no such table.
     * Reading stops after the table's rows.
     */
    Optional<String> versionInDump(Path dump, String base) throws IOException {
        Pattern create = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?`?"
                + Pattern.quote(name) + "`?[\\s(].*");
        Pattern insert = Pattern.compile("(?is)^\\s*INSERT\\s+INTO\\s+`?" + Pattern.quote(name)
                + "`?\\s*(\\(([^)]*)\\))?\\s*VALUES\\s*");
        Row best = null;
        boolean created = false;
        boolean inserted = false;
        try (SqlScript script = SqlScript.open(dump)) {
            for (SqlStatement statement = script.next(); statement != null; statement = script.next()) {
                Matcher matcher = insert.matcher(statement.sql());
                if (!matcher.find()) {
                    if (inserted) {
                        break;
                    }
                    created |= create.matcher(statement.sql()).matches();
                    continue;
                }
                inserted = true;
                Columns columns = Columns.of(matcher.group(2));
                for (List<String> tuple : tuples(statement.sql(), matcher.end())) {
                    Row row = columns.row(tuple);
                    if (row != null && (best == null || row.installedRank() > best.installedRank())) {
                        best = row;
                    }
                }
            }
        }
        if (best != null) {
            return Optional.of(best.version());
        }
        return created || inserted ? Optional.of(base) : Optional.empty();
    }

    /** Where the columns Flyway's version depends on are in a row: its own order unless the INSERT names them. */
    private record Columns(int rank, int version, int success) {
        static Columns of(String list) {
            if (list == null) {
                return new Columns(0, 1, 9);
            }
            List<String> names = new ArrayList<>();
            for (String column : list.split(",")) {
                names.add(column.replace("`", "").strip().toLowerCase(Locale.ROOT));
            }
            return new Columns(names.indexOf("installed_rank"), names.indexOf("version"), names.indexOf("success"));
        }

        /** The row, or null when it did not succeed, has no version, or cannot be read. */
        Row row(List<String> tuple) {
            if (rank < 0 || version < 0 || success < 0 || tuple.size() <= Math.max(rank, Math.max(version, success))) {
                return null;
            }
            String rankText = tuple.get(rank);
            String versionText = tuple.get(version);
            if (versionText == null || rankText == null || !"1".equals(tuple.get(success))
                    || !rankText.chars().allMatch(Character::isDigit) || rankText.isEmpty()) {
                return null;
            }
            return new Row(new BigInteger(rankText).longValueExact(), versionText);
        }
    }

    /** The rows of {@code VALUES (...),(...)}: strings unquoted, {@code NULL} as null, other values as written. */
    static List<List<String>> tuples(String sql, int start) {
        List<List<String>> tuples = new ArrayList<>();
        List<String> tuple = null;
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = start; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < sql.length()) {
                    value.append(unescape(sql.charAt(++i)));
                } else if (c == '\'' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                } else {
                    value.append(c);
                }
            } else if (c == '(' && tuple == null) {
                tuple = new ArrayList<>();
                value.setLength(0);
                wasQuoted = false;
            } else if (tuple == null) {
                continue;
            } else if (c == '\'') {
                value.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == ')') {
                String text = value.toString().strip();
                tuple.add(!wasQuoted && text.equalsIgnoreCase("NULL") ? null : wasQuoted ? value.toString() : text);
                value.setLength(0);
                wasQuoted = false;
                if (c == ')') {
                    tuples.add(tuple);
                    tuple = null;
                }
            } else if (!wasQuoted) {
                value.append(c);
            }
        }
        return tuples;
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            default -> c;
        };
    }
}
