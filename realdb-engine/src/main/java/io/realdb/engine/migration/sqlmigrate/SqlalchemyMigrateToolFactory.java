package io.realdb.engine.migration.sqlmigrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationToolFactory;
import io.realdb.engine.migration.ToolSettings;
import io.realdb.engine.migration.command.CommandLineTemplate;
import io.realdb.engine.migration.command.CommandTool;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the settings of the {@code sqlalchemy-migrate} tool:
 * <pre>
 * "migration": {
 *   "tool": "sqlalchemy-migrate",
 *   "repository": "nova/db/sqlalchemy/migrate_repo",
 *   "python": "/usr/bin/python3",
 *   "up": "nova-manage db sync --version {to}",
 *   "down": "nova-manage db sync --version {to}",
 *   "version_table": "migrate_version"
 * }
 * </pre>
 * Only {@code repository} is needed. Without {@code up} and {@code down}, each step calls
 * sqlalchemy-migrate's Python API with {@code python}, which finds the database in
 * {@code REALDB_SQLALCHEMY_URL}: the password never appears on a command line.
 */
public final class SqlalchemyMigrateToolFactory implements MigrationToolFactory {

    public static final String ID = "sqlalchemy-migrate";

    static final String DEFAULT_PYTHON = "python3";
    static final String DEFAULT_TABLE = "migrate_version";

    /** sqlalchemy-migrate's API, one step per process; its log lines ("3 -> 4... ", "done") go to stdout. */
    static final String DRIVER = "import logging, os, sys; from migrate.versioning import api; "
            + "logging.basicConfig(level=logging.INFO, stream=sys.stdout, format='%(message)s'); "
            + "getattr(api, sys.argv[1])(os.environ['REALDB_SQLALCHEMY_URL'], sys.argv[2], int(sys.argv[3]))";

    private static final Pattern SCRIPT = Pattern.compile("^(\\d+)_.*\\.py$");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public MigrationTool create(JsonNode settings, String where) {
        ToolSettings.requireKnown(settings, where, ID, Set.of("repository", "python", "up", "down", "version_table"));
        String repository = ToolSettings.text(settings, "repository", null, where);
        if (repository == null) {
            throw new BadInputException(where + ": field migration.repository is missing (the sqlalchemy-migrate "
                    + "repository folder in the project, the one that holds versions/)");
        }
        String python = ToolSettings.text(settings, "python", DEFAULT_PYTHON, where);
        String table = ToolSettings.tableName(settings, "version_table", DEFAULT_TABLE, where);
        CommandLineTemplate up = ToolSettings.template(settings, "up", driver(python, "upgrade", repository), where);
        CommandLineTemplate down = ToolSettings.template(settings, "down", driver(python, "downgrade", repository), where);
        CommandTool commands = new CommandTool(up, down, repository + "/versions", SCRIPT,
                "SELECT version FROM " + table, null);
        return new SqlalchemyMigrateTool(commands, table);
    }

    /** The default command: sqlalchemy-migrate's API in {@code python}, one version per process. */
    private static String driver(String python, String verb, String repository) {
        return CommandLineTemplate.display(List.of(python, "-c", DRIVER, verb, repository, "{to}"));
    }
}
