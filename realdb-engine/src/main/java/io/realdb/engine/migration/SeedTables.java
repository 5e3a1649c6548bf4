package io.realdb.engine.migration;

import io.realdb.engine.BadInputException;
import io.realdb.engine.db.SqlScript;
import io.realdb.engine.db.SqlStatement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the rows of one table from a seed's dump without a database: the values of its
 * {@code INSERT INTO} statements, as mysqldump writes them. Tools read their version table with it,
 * so that {@code realdb plan} can tell where a seed starts.
 */
public final class SeedTables {

    private SeedTables() {
    }

    /**
     * The rows inserted into {@code table}, each a list of values (null for NULL, numbers as
     * written), in the order of the dump.
     */
    public static List<List<String>> rows(Path seed, String table) {
        List<List<String>> rows = new ArrayList<>();
        try (SqlScript script = SqlScript.open(seed)) {
            for (SqlStatement statement = script.next(); statement != null; statement = script.next()) {
                String sql = statement.sql();
                int values = valuesStart(sql, table);
                if (values >= 0) {
                    parseTuples(sql, values, rows);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read the seed " + seed + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Where the tuples of an {@code INSERT INTO table ... VALUES} begin, or -1 for another statement. */
    static int valuesStart(String sql, String table) {
        String head = sql.length() > 400 ? sql.substring(0, 400) : sql;
        String upper = head.toUpperCase(Locale.ROOT);
        int i = 0;
        while (i < upper.length() && Character.isWhitespace(upper.charAt(i))) {
            i++;
        }
        if (!upper.startsWith("INSERT", i)) {
            return -1;
        }
        int into = upper.indexOf("INTO", i);
        if (into < 0) {
            return -1;
        }
        int nameStart = into + 4;
        while (nameStart < head.length() && Character.isWhitespace(head.charAt(nameStart))) {
            nameStart++;
        }
        int nameEnd = nameStart;
        while (nameEnd < head.length() && !Character.isWhitespace(head.charAt(nameEnd)) && head.charAt(nameEnd) != '(') {
            nameEnd++;
        }
        String name = head.substring(nameStart, nameEnd).replace("`", "").replace("\"", "");
        int dot = name.lastIndexOf('.');
        if (!name.substring(dot + 1).equalsIgnoreCase(table)) {
            return -1;
        }
        int values = upper.indexOf("VALUES", nameEnd);
        return values < 0 ? -1 : values + 6;
    }

    private static void parseTuples(String sql, int from, List<List<String>> rows) {
        List<String> row = null;
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '(' && row == null) {
                row = new ArrayList<>();
                i++;
            } else if (c == ')' && row != null) {
                rows.add(row);
                row = null;
                i++;
            } else if (row != null && (c == '\'' || c == '"')) {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (j < sql.length()) {
                    char d = sql.charAt(j);
                    if (d == '\\' && j + 1 < sql.length()) {
                        value.append(sql.charAt(j + 1));
                        j += 2;
                    } else if (d == c && j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        value.append(c);
                        j += 2;
                    } else if (d == c) {
                        break;
                    } else {
                        value.append(d);
                        j++;
                    }
                }
                row.add(value.toString());
                i = j + 1;
            } else if (row != null && !Character.isWhitespace(c) && c != ',') {
                int j = i;
                while (j < sql.length() && sql.charAt(j) != ',' && sql.charAt(j) != ')') {
                    j++;
                }
                String bare = sql.substring(i, j).trim();
                row.add(bare.equalsIgnoreCase("NULL") ? null : bare);
                i = j;
            } else {
                i++;
            }
        }
    }
}
