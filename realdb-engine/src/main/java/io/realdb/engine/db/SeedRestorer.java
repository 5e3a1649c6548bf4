package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Loads a seed (a {@code mysqldump}-style SQL file, maybe gzipped) into a database, statement by
 * statement on one connection, as fast as stays correct: foreign key and unique checks off for
 * the session, as {@code mysqldump} itself does, and a commit every
 * {@value #COMMIT_EVERY_MIB} MiB of statements instead of one per statement. The server gets
 * the seed's bytes as they are, as with the {@code mysql} client; after each statement that may
 * change {@code character_set_client} it asks the server for the new value, which
 * {@link SqlScript#clientCharset(String)} needs for literals that are not UTF-8.
 */
public final class SeedRestorer {

    /** How far the restore got; {@code totalBytes} is the file's size, compressed or not. */
    public record Progress(long statements, long bytesRead, long totalBytes, Duration elapsed) {

        /** From 0 to 1. */
        public double fraction() {
            return totalBytes == 0 ? 1 : Math.min(1, (double) bytesRead / totalBytes);
        }
    }

    static final int COMMIT_EVERY_MIB = 64;

    private static final long COMMIT_EVERY_CHARS = COMMIT_EVERY_MIB << 20;
    private static final int STATEMENT_TIMEOUT_MILLIS = 15 * 60_000;
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Pattern CHARSET_CHANGE = Pattern.compile(
            "(?is)^(?:/\\*!\\d*\\s*)?SET\\s.*\\b(?:NAMES|CHARACTER\\s+SET|CHARSET|character_set_client)\\b");
    private static final Pattern USE = Pattern.compile("(?is)^USE\\s+(`(?:[^`]|``)+`|[^\\s;`]+)\\s*$");

    private SeedRestorer() {
    }

    /**
     * Restores {@code seed} into {@code database}, which must exist.
     *
     * @param progress called about once a second while the restore runs, and once at its end
     * @return the last progress: statements, bytes and time in all
     * @throws BadInputException       when the seed is missing or switches to another database
     * @throws SeedRestoreException    when the server refuses one of its statements, or the file is
     *                                 truncated or not valid gzip
     * @throws InfrastructureException when the server dies, the connection drops or the disk fills
     */
    public static Progress restore(DatabaseServer server, String database, Path seed, Consumer<Progress> progress) {
        return restore(server, null, database, java.util.Set.of(), seed, progress);
    }

    /**
     * Restores {@code seed} into {@code database} as {@code as} (the run's own user on an existing
     * server, whose privileges end at its database), or as the administrator when null.
     *
     * @param alsoNamed other names the seed may give the same database ({@code USE nova} in a
     *                  dump of {@code nova}, restored into a database of the run's own)
     */
    public static Progress restore(DatabaseServer server, ConnectionInfo as, String database, java.util.Set<String> alsoNamed,
                                   Path seed, Consumer<Progress> progress) {
        if (server instanceof PostgresServer postgres) {
            return PostgresSeed.restore(postgres, as, database, seed, progress);
        }
        if (!Files.isRegularFile(seed)) {
            throw new BadInputException("seed file '" + seed + "' does not exist or is not a file");
        }
        long start = System.nanoTime();
        long total = size(seed);
        long statements = 0;
        long lastReport = start;
        long line = 0;
        try (SqlScript script = SqlScript.open(seed);
             Connection connection = as == null ? server.connect(database) : server.connectAs(as, database);
             Statement st = connection.createStatement()) {
            // A server that stops answering in the middle of the seed must not hold the run for ever.
            connection.setNetworkTimeout(Runnable::run, STATEMENT_TIMEOUT_MILLIS);
            boolean[] checks = sessionChecks(st);
            st.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0");
            connection.setAutoCommit(false);
            long uncommitted = 0;
            SqlStatement statement;
            while ((statement = script.next()) != null) {
                line = statement.line();
                if (!isUseOfSameDatabase(statement, seed, database, alsoNamed)) {
                    st.execute(as == null ? statement.sql() : withoutDefiner(statement.sql()));
                }
                followCharset(statement, st, script);
                statements++;
                uncommitted += statement.sql().length();
                if (uncommitted >= COMMIT_EVERY_CHARS) {
                    connection.commit();
                    uncommitted = 0;
                }
                long now = System.nanoTime();
                if (now - lastReport >= REPORT_EVERY_NANOS) {
                    lastReport = now;
                    progress.accept(new Progress(statements, script.bytesRead(), total, Duration.ofNanos(now - start)));
                }
            }
            line = 0;
            connection.commit();
            connection.setAutoCommit(true);
            st.execute("SET SESSION foreign_key_checks = " + (checks[0] ? 1 : 0) + ", unique_checks = " + (checks[1] ? 1 : 0));
            Progress done = new Progress(statements, script.bytesRead(), total, Duration.ofNanos(System.nanoTime() - start));
            progress.accept(done);
            return done;
        } catch (SQLException e) {
            if (SqlErrors.isInfrastructure(e) || !server.isAlive()) {
                throw new InfrastructureException("restoring seed " + seed + " into '" + database + "' failed"
                        + (line > 0 ? " at the statement starting at line " + line : "") + ": " + SqlErrors.message(e), e);
            }
            if (line == 0) {
                throw new InfrastructureException("restoring seed " + seed + " into '" + database + "' failed: "
                        + SqlErrors.message(e), e);
            }
            throw new SeedRestoreException(seed, line, e.getErrorCode(), SqlErrors.message(e), e);
        } catch (EOFException | ZipException e) {
            // A broken seed, like one the server refuses: the run reports it, neither the change's fault nor bad input.
            throw new SeedRestoreException(seed, line, 0, "the file is truncated or not valid gzip"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read seed " + seed + ": " + e.getMessage(), e);
        }
    }

    /**
     * A dump's views, triggers and routines name their definer ({@code DEFINER=`root`@`localhost`}),
     * which only an administrator may give; restored as the run's own user they are defined by
     * that user instead, as the server does when no definer is named.
     */
    static String withoutDefiner(String sql) {
        if (sql.indexOf("DEFINER") < 0 && sql.indexOf("definer") < 0) {
            return sql;
        }
        return DEFINER.matcher(sql).replaceAll("");
    }

    private static final Pattern DEFINER = Pattern.compile(
            "(?i)\\bDEFINER\\s*=\\s*(?:`[^`]*`|'[^']*'|[^\\s@]+)\\s*@\\s*(?:`[^`]*`|'[^']*'|[^\\s*/]+)");

    /**
     * Whether the statement is a {@code USE} of the database restored into, under another of its
     * names, which is passed over. A {@code USE} of any other database would restore outside the
     * one the run checks, and is refused.
     */
    private static boolean isUseOfSameDatabase(SqlStatement statement, Path seed, String database,
                                               java.util.Set<String> alsoNamed) {
        String sql = statement.sql();
        if (sql.length() > 200) {
            return false;
        }
        Matcher use = USE.matcher(sql);
        if (!use.find()) {
            return false;
        }
        String name = use.group(1);
        if (name.startsWith("`")) {
            name = name.substring(1, name.length() - 1).replace("``", "`");
        }
        if (name.equals(database)) {
            return false;
        }
        if (alsoNamed.contains(name)) {
            return true;
        }
        throw new BadInputException("seed " + seed + " line " + statement.line() + " switches to database '" + name
                + "' (USE); realdb restores into '" + database + "': dump without --databases, or remove the USE line");
    }

    /**
     * After a statement that may have changed {@code character_set_client} ({@code SET NAMES},
     * {@code SET character_set_client = @saved}), asks the server what it is now, since the value
     * may come from a variable.
     */
    private static void followCharset(SqlStatement statement, Statement st, SqlScript script) throws SQLException {
        String sql = statement.sql();
        if (sql.length() > 500 || !CHARSET_CHANGE.matcher(sql).find()) {
            return;
        }
        try (ResultSet rs = st.executeQuery("SELECT @@SESSION.character_set_client")) {
            rs.next();
            script.clientCharset(rs.getString(1));
        }
    }

    private static boolean[] sessionChecks(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT @@SESSION.foreign_key_checks, @@SESSION.unique_checks")) {
            rs.next();
            return new boolean[] {rs.getBoolean(1), rs.getBoolean(2)};
        }
    }

    private static long size(Path seed) {
        try {
            return Files.size(seed);
        } catch (IOException e) {
            throw new BadInputException("cannot read seed file '" + seed + "': " + e.getMessage(), e);
        }
    }
}
