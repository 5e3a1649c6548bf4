package io.realdb.engine.migration.liquibase;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCountCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.ConsoleUIService;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One step of the {@code liquibase} tool, in a process of its own inside the sandbox: the
 * changelog is the change's code, so Liquibase never runs in realdb's JVM. It applies exactly one
 * changeset ({@code update-count 1}) or rolls back exactly one ({@code rollback-count 1}), after
 * checking that it is the changeset realdb means: the next one to run, or the last one run.
 * <pre>
 * java -cp CLASSPATH io.realdb.engine.migration.liquibase.LiquibaseStep update|rollback CHANGELOG PATH::ID::AUTHOR
 * </pre>
 * It runs in the project's folder, Liquibase's search path, and finds its database in
 * {@code REALDB_JDBC_URL}, {@code REALDB_DB_USER} and {@code REALDB_DB_PASSWORD}: credentials never
 * travel on a command line. Liquibase's own line for the changeset ({@code Running Changeset:} or
 * {@code Rolling Back Changeset:}) goes to standard output as it starts, which realdb times the
 * step from; problems go to standard error, the last line starting with {@link #FAILED}.
 */
public final class LiquibaseStep {

    static final String UPDATE = "update";
    static final String ROLLBACK = "rollback";
    /** How the step's last line of standard error starts when it failed: the reason follows. */
    static final String FAILED = "Liquibase step failed: ";

    /**
     * Liquibase settings that keep it off the network and quiet. 4.33 has no Hub and no update
     * check any more; its analytics and the license usage reports are its only calls home, and
     * with secure parsing XML schemas are read from its jar only. Set as system properties and in
     * Liquibase's scope, which outrank the environment.
     */
    static final Map<String, String> SETTINGS = Map.of(
            "liquibase.analytics.enabled", "false",
            "liquibase.license.utility.enabled", "false",
            "liquibase.secureParsing", "true",
            "liquibase.showBanner", "false");

    private LiquibaseStep() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        // Liquibase may leave threads behind; the step is over.
        Runtime.getRuntime().halt(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !(args[0].equals(UPDATE) || args[0].equals(ROLLBACK))) {
            err.println(FAILED + "usage: LiquibaseStep update|rollback CHANGELOG PATH::ID::AUTHOR");
            return 2;
        }
        SETTINGS.forEach(System::setProperty);
        quietLogging(err);
        String url = System.getenv("REALDB_JDBC_URL");
        String user = System.getenv("REALDB_DB_USER");
        String password = System.getenv("REALDB_DB_PASSWORD");
        if (url == null || user == null) {
            err.println(FAILED + "REALDB_JDBC_URL and REALDB_DB_USER are not set");
            return 2;
        }
        try {
            String problem = step(args[0].equals(UPDATE), args[1], args[2], url, user, password == null ? "" : password,
                    out);
            if (problem != null) {
                err.println(FAILED + problem);
                return 1;
            }
            return 0;
        } catch (Exception e) {
            String reason = oneLine(e);
            err.println(FAILED + (reason.contains(args[2]) ? reason
                    : (args[0].equals(UPDATE) ? "applying " : "rolling back ") + args[2] + ": " + reason));
            return 1;
        }
    }

    private static String step(boolean up, String changelog, String expected, String url, String user, String password,
                               PrintStream out) throws Exception {
        ConsoleUIService ui = new ConsoleUIService();
        ui.setOutputStream(out);
        ui.setAllowPrompt(false);
        // In the scope too, where they outrank anything the environment says (LIQUIBASE_ANALYTICS_ENABLED=true).
        Map<String, Object> scope = new HashMap<>(SETTINGS);
        scope.put(Scope.Attr.ui.name(), ui);
        String[] problem = new String[1];
        try (ResourceAccessor accessor = new DirectoryResourceAccessor(Path.of("").toAbsolutePath())) {
            scope.put(Scope.Attr.resourceAccessor.name(), accessor);
            Scope.child(scope, () -> {
                Database database = DatabaseFactory.getInstance().openDatabase(url, user, password, null, accessor);
                try {
                    problem[0] = up ? checkNext(changelog, expected, accessor, database)
                            : checkLast(expected, database);
                    if (problem[0] == null) {
                        CommandScope command = up
                                ? new CommandScope(UpdateCountCommandStep.COMMAND_NAME)
                                .addArgumentValue(UpdateCountCommandStep.CHANGELOG_FILE_ARG, changelog)
                                .addArgumentValue(UpdateCountCommandStep.COUNT_ARG, 1)
                                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                                : new CommandScope(RollbackCountCommandStep.COMMAND_NAME)
                                .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, changelog)
                                .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, 1);
                        command.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database);
                        command.setOutput(out);
                        command.execute();
                    }
                } finally {
                    database.close();
                }
            });
        }
        return problem[0];
    }

    /** The changeset that {@code update-count 1} would run must be the one realdb expects. */
    private static String checkNext(String changelog, String expected, ResourceAccessor accessor, Database database)
            throws Exception {
        List<ChangeSet> unrun = new Liquibase(changelog, accessor, database)
                .listUnrunChangeSets(new Contexts(), new LabelExpression());
        if (unrun.isEmpty()) {
            return "every changeset of " + changelog + " has run already; realdb expected " + expected + " to run next";
        }
        ChangeSet next = unrun.get(0);
        if (!same(next.getFilePath(), next.getId(), next.getAuthor(), expected)) {
            return "the next changeset Liquibase would run is " + identity(next.getFilePath(), next.getId(),
                    next.getAuthor()) + ", but realdb expected " + expected
                    + (next.isAlwaysRun() || next.isRunOnChange() ? " (it runs again: runAlways or runOnChange)" : "");
        }
        return null;
    }

    /** The changeset that {@code rollback-count 1} rolls back, the last one run, must be the one realdb expects. */
    private static String checkLast(String expected, Database database) throws Exception {
        List<RanChangeSet> ran = database.getRanChangeSetList();
        if (ran.isEmpty()) {
            return "no changeset has run; realdb expected to roll back " + expected;
        }
        RanChangeSet last = ran.get(ran.size() - 1);
        if (!same(last.getChangeLog(), last.getId(), last.getAuthor(), expected)) {
            return "the last changeset run is " + identity(last.getChangeLog(), last.getId(), last.getAuthor())
                    + ", but realdb expected to roll back " + expected;
        }
        return null;
    }

    private static boolean same(String path, String id, String author, String expected) {
        return identity(path, id, author).equals(expected);
    }

    private static String identity(String path, String id, String author) {
        return Changeset.identity(ChangelogReader.normalize(path), id, author);
    }

    /**
     * Prints Liquibase's warnings and its one line per changeset, plain, to standard error, and
     * nothing else: no colours, no start-up chatter.
     */
    private static void quietLogging(PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (worthPrinting(record)) {
                    String message = record.getMessage();
                    err.println(record.getLevel().getName() + ": " + (message == null ? "" : message.strip()));
                }
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
                // Standard error stays open for the step's last line.
            }
        });
    }

    private static boolean worthPrinting(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            return true;
        }
        String message = record.getMessage();
        return message != null && record.getLevel() == Level.INFO
                && (message.startsWith("ChangeSet ") || message.startsWith("Rolling Back Changeset"));
    }

    private static String oneLine(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                if (text.length() > 0) {
                    text.append(": ");
                }
                text.append(message);
            }
        }
        // Liquibase nests the same message in exception after exception, each named by its class.
        return text.toString()
                .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Za-z0-9_$]*(?:Exception|Error): ", "")
                .replaceAll("\\(conn=\\d+\\) ", "")
                .replaceAll("\\s+", " ").trim();
    }
}
