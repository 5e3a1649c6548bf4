package io.realdb.engine.migration;

import io.realdb.engine.model.Direction;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Set;

/**
 * Whatever moves a schema one migration at a time. realdb needs the migrations a checkout holds,
 * in the tool's own order, the state a database is at, and a way to apply or revert exactly one
 * migration. Tools are registered in {@link MigrationTools} by id.
 */
public interface MigrationTool {

    /** The version of a database that no migration has touched, for tools with numbered versions. */
    String NO_VERSION = "0";

    /** The tool's id, as in the dataset config's {@code migration.tool}. */
    String id();

    /**
     * The migrations the checkout holds, read from its files without running the project's code.
     *
     * @throws io.realdb.engine.BadInputException when the files cannot be read as the tool would
     */
    MigrationHistory history(Path checkout);

    /** The state the database is at, in the form {@link MigrationHistory#applied} reads. */
    String currentVersion(MigrationContext context);

    /**
     * The versions the tool's own bookkeeping records as applied, one row per migration
     * (Flyway's history table, Liquibase's changelog table), in the order they were applied, or
     * empty for tools that keep only the version the database is at. With it, a migration that a
     * change inserts below one already applied is seen as not applied, and a downgrade reverts in
     * the order the tool itself would.
     */
    default Optional<List<String>> appliedVersions(MigrationContext context) {
        return Optional.empty();
    }

    /**
     * Applies ({@code UP}) or reverts ({@code DOWN}) exactly one migration. Trouble outside the
     * migration (the server went away) is thrown as an {@link io.realdb.engine.InfrastructureException}.
     */
    StepOutcome step(MigrationContext context, Migration migration, Direction direction);

    /**
     * What a step runs, as {@code realdb plan} shows it: the command line with its placeholders
     * filled in, or what realdb does itself.
     */
    String describe(Migration migration, Direction direction, String database);

    /** Whether the tool is configured to step down at all. */
    default boolean canDowngrade() {
        return true;
    }

    /**
     * Checks, before any database work, that the tool can run at all in this checkout with this
     * environment, so that a misconfigured tool is reported as bad input rather than mid-run.
     */
    default void preflight(Path checkout, Map<String, String> environment) {
    }

    /**
     * The tables the tool keeps its own bookkeeping in (its version table): not the application's,
     * so realdb's impact probes leave them alone. Names as the tool creates them.
     */
    default Set<String> ownTables() {
        return Set.of();
    }

    /**
     * The state a seed file holds, read from its dump of the tool's own table without a
     * database, or empty when the tool cannot tell it from a dump.
     */
    default Optional<String> seedVersion(Path seed) {
        return Optional.empty();
    }
}
