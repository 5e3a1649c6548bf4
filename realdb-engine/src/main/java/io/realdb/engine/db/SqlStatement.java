package io.realdb.engine.db;

/**
 * One statement of a SQL script, as the server is to receive it: without its delimiter and
 * plain comments, with its {@code /*! ... *&#47;} conditional comments.
 *
 * @param line the line of the script where the statement starts (1 for the first)
 */
public record SqlStatement(String sql, long line) {

    @Override
    public String toString() {
        return "line " + line + ": " + (sql.length() > 80 ? sql.substring(0, 80) + "..." : sql);
    }
}
