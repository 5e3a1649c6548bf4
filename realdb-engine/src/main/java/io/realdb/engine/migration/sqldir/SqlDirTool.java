package io.realdb.engine.migration.sqldir;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.db.SqlScript;
import io.realdb.engine.db.SqlStatement;
import io.realdb.engine.migration.LinearHistory;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationContext;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.StepOutcome;
import io.realdb.engine.migration.VersionOrder;
import io.realdb.engine.model.Direction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Numbered SQL folders in the golang-migrate layout ({@code 0001_name.up.sql},
 * {@code 0001_name.down.sql}), run by realdb itself. The version is kept where golang-migrate
 * keeps it, in {@code schema_migrations(version, dirty)}, so both tools can share a database.
 */
public final class SqlDirTool implements MigrationTool {

    private static final Pattern FILE = Pattern.compile("^(\\d+)_.*\\.(up|down)\\.sql$");
    private static final String VERSION_TABLE = "schema_migrations";

    private final String path;

    SqlDirTool(String path) {
        this.path = path;
    }

    @Override
    public java.util.Set<String> ownTables() {
        return java.util.Set.of(VERSION_TABLE);
    }

    @Override
    public String id() {
        return SqlDirToolFactory.ID;
    }

    @Override
    public MigrationHistory history(Path checkout) {
        return LinearHistory.of(VersionOrder.sort(new ArrayList<>(files(checkout).keySet())), NO_VERSION);
    }

    @Override
    public java.util.Optional<String> seedVersion(Path seed) {
        List<List<String>> rows = io.realdb.engine.migration.SeedTables.rows(seed, VERSION_TABLE);
        // The table holds one row, as golang-migrate keeps it.
        return java.util.Optional.of(rows.isEmpty() || rows.get(0).isEmpty() ? NO_VERSION
                : VersionOrder.canonical(rows.get(0).get(0)));
    }

    @Override
    public String describe(Migration migration, Direction direction, String database) {
        String suffix = direction == Direction.UP ? "up" : "down";
        return "realdb runs " + path + "/" + migration.version() + "_*." + suffix + ".sql in " + database
                + " as the dataset's user";
    }

    /** Version to its files; {@code up} and {@code down} keys. */
    private Map<String, Map<String, Path>> files(Path checkout) {
        Path folder = checkout.resolve(path);
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("migration folder '" + path + "' is not in the project: name the project's "
                    + "migration tool in the dataset config's \"migration\" section, or give --migration-config");
        }
        Map<String, Map<String, Path>> files = new HashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.toList()) {
                Matcher matcher = FILE.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    String version = VersionOrder.canonical(matcher.group(1));
                    if (new java.math.BigInteger(version).bitLength() > 63) {
                        throw new BadInputException("migration file '" + path + "/" + file.getFileName() + "': version "
                                + version + " is too big; " + VERSION_TABLE + " keeps versions as 64-bit numbers");
                    }
                    Map<String, Path> pair = files.computeIfAbsent(version, v -> new HashMap<>());
                    Path earlier = pair.put(matcher.group(2), file);
                    if (earlier != null) {
                        throw new BadInputException("migration folder '" + path + "' has two " + matcher.group(2)
                                + " files for version " + matcher.group(1) + ": " + earlier.getFileName()
                                + " and " + file.getFileName());
                    }
                }
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return files;
    }

    @Override
    public String currentVersion(MigrationContext context) {
        try (Connection connection = context.connectAsRunUser();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, dirty FROM " + VERSION_TABLE)) {
            if (!rows.next()) {
                return NO_VERSION;
            }
            return Long.toString(rows.getLong(1));
        } catch (SQLException e) {
            if (context.server().isMissingTable(e)) {
                return NO_VERSION;
            }
            throw new InfrastructureException("cannot read the version from " + VERSION_TABLE + ": "
                    + SqlErrors.message(e), e);
        }
    }

    /**
     * Runs the step on a thread of its own and waits for it at most its budget and a grace: a
     * server that stopped answering never tells the statement it was killed, and the run must go on.
     */
    @Override
    public StepOutcome step(MigrationContext context, Migration migration, Direction direction) {
        long start = System.nanoTime();
        java.util.concurrent.Future<StepOutcome> work = STEPS.submit(() -> runStep(context, migration, direction));
        try {
            return work.get(context.stepTimeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return killed(start, context);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new InfrastructureException("migration step failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return killed(start, context);
        }
    }

    /** How long after its budget a step's statement may take to return once the server killed it. */
    private static final Duration GRACE = Duration.ofSeconds(15);

    private static final java.util.concurrent.ExecutorService STEPS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "realdb-sql-step");
        thread.setDaemon(true);
        return thread;
    });

    private StepOutcome runStep(MigrationContext context, Migration migration, Direction direction) {
        boolean up = direction == Direction.UP;
        String version = migration.version();
        String from = up ? migration.from() : migration.version();
        String to = up ? migration.version() : migration.from();
        Path file = files(context.checkout()).getOrDefault(version, Map.of()).get(up ? "up" : "down");
        if (file == null) {
            return StepOutcome.failed("version " + version + " has no " + (up ? "up" : "down") + ".sql file");
        }
        long start = System.nanoTime();
        Watchdog watchdog = null;
        try (Connection connection = connect(context)) {
            watchdog = new Watchdog(context, connectionId(context, connection));
            setVersion(connection, from, true);
            String failure = execute(connection, file, context);
            if (failure != null) {
                return watchdog.fired() ? killed(start, context) : StepOutcome.failed(failure);
            }
            setVersion(connection, to, false);
            return StepOutcome.done();
        } catch (SQLException e) {
            if (watchdog != null && watchdog.fired()) {
                return killed(start, context);
            }
            if (context.server().isInfrastructure(e)) {
                throw new InfrastructureException("the database failed during migration " + from + " -> " + to + ": "
                        + SqlErrors.message(e), e);
            }
            return StepOutcome.failed(SqlErrors.message(e));
        } finally {
            if (watchdog != null) {
                watchdog.cancel();
            }
        }
    }

    private static StepOutcome killed(long start, MigrationContext context) {
        return StepOutcome.failed(StepOutcome.killedAfter(Duration.ofNanos(System.nanoTime() - start), context.stepTimeout()));
    }

    private static long connectionId(MigrationContext context, Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(context.server().sessionIdQuery())) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Kills the step's connection when the step runs over its budget: the server then stops the
     * statement, whatever it is doing.
     */
    private static final class Watchdog {
        private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "realdb-step-watchdog");
            thread.setDaemon(true);
            return thread;
        });

        private final AtomicBoolean fired = new AtomicBoolean();
        private final ScheduledFuture<?> task;

        Watchdog(MigrationContext context, long connectionId) {
            task = TIMER.schedule(() -> {
                fired.set(true);
                // The server then stops the statement itself, whatever it is doing.
                try (Connection admin = context.server().connect(null);
                     Statement statement = admin.createStatement()) {
                    statement.execute(context.server().killSessionStatement(connectionId));
                } catch (SQLException | RuntimeException e) {
                    // The connection ended by itself meanwhile, or the server does not answer: the step reports it.
                }
            }, context.stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean fired() {
            return fired.get();
        }

        void cancel() {
            task.cancel(false);
        }
    }

    /** As the dataset's user, as any other tool would: never with the administrator's powers. */
    private static Connection connect(MigrationContext context) {
        return context.server().connectAs(context.connection(), context.database());
    }

    /** Runs each statement of the file; returns why it failed, or null. */
    private static String execute(Connection connection, Path file, MigrationContext context) throws SQLException {
        if (context.server().runsScriptsWhole()) {
            return executeWhole(connection, file, context);
        }
        try (SqlScript script = SqlScript.open(file); Statement statement = connection.createStatement()) {
            for (SqlStatement sql = script.next(); sql != null; sql = script.next()) {
                try {
                    statement.execute(sql.sql());
                    drain(statement);
                } catch (SQLException e) {
                    if (context.server().isInfrastructure(e)) {
                        throw e;
                    }
                    return file.getFileName() + " line " + sql.line() + ": " + SqlErrors.message(e);
                }
            }
            return null;
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The whole file as one script, in one implicit transaction, as golang-migrate does on
     * PostgreSQL.
     */
    private static String executeWhole(Connection connection, Path file, MigrationContext context) throws SQLException {
        String sql;
        try {
            sql = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            drain(statement);
            return null;
        } catch (SQLException e) {
            if (context.server().isInfrastructure(e)) {
                throw e;
            }
            // The driver sends the file's statements one by one: the server's position is within one of them.
            return file.getFileName() + ": " + SqlErrors.message(e);
        }
    }

    private static void drain(Statement statement) throws SQLException {
        do {
            ResultSet rows = statement.getResultSet();
            if (rows != null) {
                rows.close();
            }
        } while (statement.getMoreResults() || statement.getUpdateCount() != -1);
    }

    private static void setVersion(Connection connection, String version, boolean dirty) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
                    + " (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)");
            statement.execute("DELETE FROM " + VERSION_TABLE);
        }
        if (version.equals(NO_VERSION) && !dirty) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + VERSION_TABLE + " (version, dirty) VALUES (?, ?)")) {
            insert.setLong(1, Long.parseLong(version));
            insert.setBoolean(2, dirty);
            insert.executeUpdate();
        }
    }
}
