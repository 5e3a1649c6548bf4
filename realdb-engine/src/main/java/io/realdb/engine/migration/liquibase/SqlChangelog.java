package io.realdb.engine.migration.liquibase;

import io.realdb.engine.BadInputException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL changelog. With Liquibase's first line {@code --liquibase formatted sql}, its
 * {@code --changeset author:id} lines start changesets and {@code --rollback} lines (or a
 * {@code /* liquibase rollback} block) give them rollbacks. Without it, the whole file is one
 * changeset that Liquibase names {@code raw_<path with _ for />}, by {@code includeAll}, with no
 * rollback. The patterns are Liquibase 4.33's own.
 */
final class SqlChangelog {

    static final String RAW_AUTHOR = "includeAll";

    private static final Pattern FIRST_LINE = Pattern.compile("^\\s*--\\s*liquibase\\s*formatted.*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGESET = Pattern.compile(
            "\\s*--[\\s]*changeset\\s+(\"[^\"]+\"|[^:]+):\\s*(\"[^\"]+\"|\\S+).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern CHANGESET_LOOSE = Pattern.compile("\\s*--[\\s]*changeset[\\s]*.*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK = Pattern.compile("\\s*--[\\s]*rollback\\s.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROLLBACK_BLOCK = Pattern.compile("\\s*/\\*\\s*liquibase\\s*rollback\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGICAL_FILE_PATH = Pattern.compile(".*logicalFilePath:(\\S*).*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern RUN_ALWAYS = Pattern.compile(".*runAlways:(\\w+).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DBMS = Pattern.compile(".*dbms:([^,][\\w!,]+).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern IGNORE = Pattern.compile(".*ignore:(\\w*).*", Pattern.CASE_INSENSITIVE);

    private SqlChangelog() {
    }

    static void read(String path, String text, ChangelogReader reader) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\\r?\\n|\\r", -1);
        if (lines.length == 0 || !FIRST_LINE.matcher(lines[0]).matches()) {
            if (body.isBlank()) {
                throw new BadInputException("liquibase changelog '" + path + "' is empty");
            }
            reader.add(new Changeset(path, "raw_" + path.replace("/", "_"), RAW_AUTHOR, false, false), false, null);
            return;
        }
        Matcher header = LOGICAL_FILE_PATH.matcher(lines[0]);
        String logicalPath = header.matches() && !header.group(1).isEmpty() ? header.group(1) : path;
        Pending pending = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            Matcher changeset = CHANGESET.matcher(line);
            if (changeset.matches()) {
                if (pending != null) {
                    pending.add(reader);
                }
                pending = new Pending(line, unquote(changeset.group(1)), unquote(changeset.group(2)), logicalPath);
            } else if (CHANGESET_LOOSE.matcher(line).matches()) {
                throw new BadInputException("liquibase changelog '" + path + "' line " + (i + 1)
                        + ": a --changeset line needs author:id, as in '--changeset alice:1'");
            } else if (pending != null && (ROLLBACK.matcher(line).matches() || ROLLBACK_BLOCK.matcher(line).matches())) {
                pending.rollback = true;
            }
        }
        if (pending != null) {
            pending.add(reader);
        }
    }

    private static String unquote(String text) {
        String trimmed = text.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    private static String attribute(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** A changeset whose lines are still being read. */
    private static final class Pending {
        private final String line;
        private final String author;
        private final String id;
        private final String path;
        private boolean rollback;

        Pending(String line, String author, String id, String logicalPath) {
            this.line = line;
            this.author = author;
            this.id = id;
            String own = attribute(LOGICAL_FILE_PATH, line);
            this.path = own == null || own.isEmpty() ? logicalPath : own;
        }

        void add(ChangelogReader reader) {
            reader.add(new Changeset(path, id, author, rollback, Boolean.parseBoolean(attribute(RUN_ALWAYS, line))),
                    Boolean.parseBoolean(attribute(IGNORE, line)), attribute(DBMS, line));
        }
    }
}
