package io.realdb.engine.migration.flyway;

import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.db.SqlScript;
import io.realdb.engine.db.SqlStatement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.flywaydb.core.api.output.MigrateResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One step of the {@code flyway} tool, in a process of its own: the change's migrations are
 * untrusted, so Flyway never runs inside realdb's JVM. Run in the checkout:
 * <pre>
 * FlywayStep migrate --table T --target VERSION --location FOLDER...
 * FlywayStep undo --table T --version VERSION --location FOLDER...
 * FlywayStep check
 * </pre>
 * {@code migrate} has Flyway apply the migrations up to {@code VERSION}: one, as realdb plans
 * it. {@code undo} runs the version's {@code U} script itself, as the same user, and removes the
 * version's row from the history table, so that Flyway applies it again on the next migrate.
 * The database comes from {@code REALDB_JDBC_URL}, {@code REALDB_DB_USER} and
 * {@code REALDB_DB_PASSWORD}, never from the arguments, where {@code ps} would show a password.
 * <p>
 * Flyway's own lines go to the console, one per message, without colours or banners: realdb
 * times a step from Flyway's {@code Migrating schema `db` to version "..."}, and from
 * {@code Undoing migration of schema `db` to version "..."} going down. Exit codes: 0 done, 1 the
 * migration failed, 2 the step could not run as asked. The last line on stderr says why,
 * after {@link #REASON} or {@link #NOT_RUN_REASON}.
 */
public final class FlywayStep {

    static final String MIGRATE = "migrate";
    static final String UNDO = "undo";
    /** Only checks that the process starts and reaches Flyway and its MariaDB support. */
    static final String CHECK = "check";

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int NOT_RUN = 2;

    /** Starts the line on stderr that says why the migration failed; the tool reports what follows it. */
    static final String REASON = "Flyway step failed: ";
    /** Starts the line on stderr that says why the step could not run at all. */
    static final String NOT_RUN_REASON = "Flyway step could not run: ";

    /**
     * What Flyway is told repeatable migrations start with: no file name can, since it holds a
     * {@code /}. realdb measures one versioned migration per step; repeatable ones would run
     * inside whichever step came first after they changed.
     */
    static final String NO_REPEATABLE_PREFIX = "realdb/ignores/";

    private FlywayStep() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.equals(List.of(CHECK))) {
            return check(err);
        }
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            return stop(err, NOT_RUN, e.getMessage());
        }
        String url = env.get("REALDB_JDBC_URL");
        String user = env.get("REALDB_DB_USER");
        if (url == null || user == null) {
            return stop(err, NOT_RUN, "REALDB_JDBC_URL and REALDB_DB_USER must be set");
        }
        String password = env.getOrDefault("REALDB_DB_PASSWORD", "");
        try {
            return arguments.mode().equals(MIGRATE)
                    ? migrate(arguments, url, user, password, err)
                    : undo(arguments, url, user, password, out, err);
        } catch (RuntimeException e) {
            return stop(err, NOT_RUN, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static int check(PrintStream err) {
        for (String name : List.of("org.flywaydb.core.Flyway", "org.flywaydb.database.mysql.mariadb.MariaDBDatabaseType",
                "org.mariadb.jdbc.Driver", "org.flywaydb.database.postgresql.PostgreSQLDatabaseType", "org.postgresql.Driver")) {
            try {
                Class.forName(name, false, FlywayStep.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return stop(err, NOT_RUN, name + " is not on the class path");
            }
        }
        return DONE;
    }

    private static int migrate(Arguments arguments, String url, String user, String password, PrintStream err) {
        List<Location> locations = new ArrayList<>();
        for (String location : arguments.locations()) {
            locations.add(new Location(Location.FILESYSTEM_PREFIX + Path.of(location).toAbsolutePath().normalize()));
        }
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(url, user, password)
                    .locations(locations.toArray(Location[]::new))
                    .table(arguments.table())
                    .target(arguments.version())
                    .loggers(ConsoleLog.class.getName())
                    .outputQueryResults(false)
                    .repeatableSqlMigrationPrefix(NO_REPEATABLE_PREFIX)
                    // Rows of repeatable migrations in the history are not "missing" when they are not looked for.
                    .ignoreMigrationPatterns("*:future", "repeatable:missing")
                    .load();
            MigrateResult result = flyway.migrate();
            if (!result.success) {
                return stop(err, FAILED, "Flyway reported the migration to " + arguments.version() + " as failed");
            }
            if (result.migrationsExecuted == 0) {
                return stop(err, NOT_RUN, "Flyway found nothing to apply up to version " + arguments.version()
                        + " (the database is at " + result.initialSchemaVersion + ")");
            }
            return DONE;
        } catch (FlywayException e) {
            // Flyway's whole message: the script, the line, the server's error code; not its hint about a
            // command-line option realdb does not have.
            String.valueOf(e.getMessage()).lines().filter(line -> !line.contains("Run Flyway with -X")).forEach(err::println);
            return stop(err, FAILED, summary(e));
        }
    }

    private static int undo(Arguments arguments, String url, String user, String password, PrintStream out,
                            PrintStream err) {
        HistoryTable table = new HistoryTable(arguments.table());
        MigrationVersion version = FlywayFiles.version(arguments.version());
        Optional<FlywayFiles.Script> script = version == null ? Optional.empty()
                : FlywayFiles.read(Path.of("").toAbsolutePath(), arguments.locations()).undo(version);
        if (script.isEmpty()) {
            return stop(err, NOT_RUN, "no undo script U" + arguments.version() + "__*.sql in " + arguments.locations());
        }
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            String database = connection.getCatalog();
            Optional<HistoryTable.Row> current = table.current(connection);
            if (current.isEmpty() || !version.equals(FlywayFiles.version(current.get().version()))) {
                return stop(err, NOT_RUN, "the database is at version "
                        + current.map(HistoryTable.Row::version).orElse("<< Empty Schema >>") + ", not "
                        + arguments.version() + ": only the latest migration can be undone");
            }
            long start = System.nanoTime();
            out.println("Undoing migration of schema `" + database + "` to version \"" + script.get().title() + "\"");
            String failure = execute(connection, Path.of(script.get().file()));
            if (failure != null) {
                return stop(err, FAILED, failure);
            }
            table.delete(connection, current.get());
            out.printf(Locale.ROOT, "Successfully undid 1 migration of schema `%s`, now at version %s (execution time %d ms)%n",
                    database, table.current(connection).map(row -> "v" + row.version()).orElse("<< Empty Schema >>"),
                    (System.nanoTime() - start) / 1_000_000);
            return DONE;
        } catch (SQLException e) {
            return stop(err, FAILED, SqlErrors.message(e));
        } catch (IOException e) {
            return stop(err, NOT_RUN, "cannot read " + script.get().file() + ": " + e.getMessage());
        }
    }

    /** Runs each statement of the script as the {@code mysql} client would; returns why it failed, or null. */
    private static String execute(Connection connection, Path file) throws SQLException, IOException {
        try (SqlScript script = SqlScript.open(file); Statement statement = connection.createStatement()) {
            for (SqlStatement sql = script.next(); sql != null; sql = script.next()) {
                try {
                    statement.execute(sql.sql());
                    do {
                        ResultSet rows = statement.getResultSet();
                        if (rows != null) {
                            rows.close();
                        }
                    } while (statement.getMoreResults() || statement.getUpdateCount() != -1);
                } catch (SQLException e) {
                    return file.getFileName() + " line " + sql.line() + ": " + SqlErrors.message(e);
                }
            }
            return null;
        }
    }

    /**
     * Flyway's message in one line: its first line, then the database's own words when a
     * statement failed, else the next line (what validation found).
     */
    static String summary(FlywayException e) {
        List<String> lines = e.getMessage() == null ? List.of()
                : e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("---")).toList();
        String first = lines.isEmpty() ? e.getClass().getSimpleName() : lines.get(0);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return first + ": " + SqlErrors.message(sql);
            }
        }
        return lines.size() > 1 ? first + ": " + lines.get(1) : first;
    }

    private static int stop(PrintStream err, int code, String reason) {
        err.println((code == FAILED ? REASON : NOT_RUN_REASON) + reason);
        return code;
    }

    /** The command line, checked. */
    record Arguments(String mode, String table, String version, List<String> locations) {

        static Arguments parse(List<String> args) {
            if (args.isEmpty() || !(args.get(0).equals(MIGRATE) || args.get(0).equals(UNDO))) {
                throw new IllegalArgumentException("usage: FlywayStep migrate|undo --table T --target|--version V "
                        + "--location FOLDER..., or FlywayStep check");
            }
            String mode = args.get(0);
            String table = null;
            String version = null;
            List<String> locations = new ArrayList<>();
            for (int i = 1; i < args.size(); i += 2) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option " + args.get(i) + " has no value");
                }
                String value = args.get(i + 1);
                switch (args.get(i)) {
                    case "--table" -> table = value;
                    case "--target", "--version" -> version = value;
                    case "--location" -> locations.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            if (table == null || version == null || locations.isEmpty()) {
                throw new IllegalArgumentException(mode + " needs --table, " + (mode.equals(MIGRATE) ? "--target" : "--version")
                        + " and at least one --location");
            }
            new HistoryTable(table);
            return new Arguments(mode, table, version, List.copyOf(locations));
        }
    }

    /**
     * Flyway's messages as plain lines: information on stdout, warnings and errors on stderr,
     * no debug. Named in Flyway's {@code loggers} setting, which instantiates it; Flyway would
     * otherwise pick whatever logging library the class path has, which may print nothing.
     */
    public static final class ConsoleLog implements LogCreator, Log {

        @Override
        public Log createLogger(Class<?> clazz) {
            return this;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public void debug(String message) {
        }

        @Override
        public void info(String message) {
            System.out.println(message);
        }

        @Override
        public void notice(String message) {
            System.out.println(message);
        }

        @Override
        public void warn(String message) {
            System.err.println("WARNING: " + message);
        }

        @Override
        public void error(String message) {
            System.err.println("ERROR: " + message);
        }

        @Override
        public void error(String message, Exception e) {
            System.err.println("ERROR: " + message + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
