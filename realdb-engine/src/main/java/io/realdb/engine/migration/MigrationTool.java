package io.realdb.engine.migration;

import java.nio.file.Path;
import java.util.List;

/**
 * Whatever moves a schema one version. realdb needs the ordered versions a checkout holds, the
 * version a database is at, and a way to take one step up or down.
 */
public interface MigrationTool {

    /** The tool's id, as in the dataset config's {@code migration.tool}. */
    String id();

    /** The versions the checkout holds, oldest first. */
    List<String> versions(Path checkout);

    /** The version the database is at, or {@link #NO_VERSION} when it has none yet. */
    String currentVersion(MigrationContext context);

    /**
     * Moves the database from {@code from} to the adjacent version {@code to}, in the direction
     * given (version names such as revision ids do not tell it). Trouble outside the migration
     * (the server went away) is thrown as an {@link io.realdb.engine.InfrastructureException}.
     */
    StepOutcome step(MigrationContext context, String from, String to, io.realdb.engine.model.Direction direction);

    /** Whether the tool is configured to step down at all. */
    default boolean canDowngrade() {
        return true;
    }

    /**
     * Checks, before any database work, that the tool can run at all in this checkout with this
     * environment, so that a misconfigured tool is reported as bad input rather than mid-run.
     */
    default void preflight(Path checkout, java.util.Map<String, String> environment) {
    }

    /** The version of a database that no migration has touched. */
    String NO_VERSION = "0";
}
