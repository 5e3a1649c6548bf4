package io.realdb.engine.migration.liquibase;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.migration.JavaStepCommand;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationContext;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.StepOutcome;
import io.realdb.engine.migration.ToolProcess;
import io.realdb.engine.migration.command.CommandLineTemplate;
import io.realdb.engine.model.Direction;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Liquibase changelogs, one changeset per step. realdb reads the changelog itself to list the
 * changesets ({@link ChangelogReader}) and reads {@code DATABASECHANGELOG} for the state; each step
 * runs Liquibase in a process of its own in the sandbox ({@link LiquibaseStep}), with realdb's own
 * Java and class path.
 */
final class LiquibaseTool implements MigrationTool {

    /** The changeset run last, in Liquibase's own order (the order {@code rollback-count} takes). */
    private static final String LAST_RUN = "SELECT FILENAME, ID, AUTHOR FROM DATABASECHANGELOG "
            + "ORDER BY DATEEXECUTED DESC, ORDEREXECUTED DESC LIMIT 1";

    private final String changelog;
    private final String dbms;

    LiquibaseTool(String changelog) {
        this(changelog, ChangelogReader.DBMS);
    }

    LiquibaseTool(String changelog, String dbms) {
        this.dbms = dbms;
        this.changelog = changelog;
    }

    /** Liquibase's changelog and its lock, as it names them by default. */
    @Override
    public java.util.Set<String> ownTables() {
        return java.util.Set.of("DATABASECHANGELOG", "DATABASECHANGELOGLOCK");
    }

    @Override
    public String id() {
        return LiquibaseToolFactory.ID;
    }

    @Override
    public MigrationHistory history(Path checkout) {
        return changesets(checkout).history();
    }

    private ChangesetHistory changesets(Path checkout) {
        return ChangesetHistory.of(ChangelogReader.read(checkout, changelog, dbms));
    }

    /**
     * The key of the changeset run last, or the base when none has run. A changeset the checkout's
     * changelog does not have is returned as Liquibase names it, {@code path::id::author}, so that
     * the message that the history does not have it names it.
     */
    @Override
    public Optional<List<String>> appliedVersions(MigrationContext context) {
        ChangesetHistory changesets = changesets(context.checkout());
        List<String> applied = new ArrayList<>();
        try (Connection connection = context.connectAsRunUser();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT FILENAME, ID, AUTHOR FROM DATABASECHANGELOG "
                     + "ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
            while (rows.next()) {
                String key = changesets.keyOf(rows.getString(1), rows.getString(2), rows.getString(3));
                applied.add(key != null ? key : Changeset.identity(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
        } catch (SQLException e) {
            if (!context.server().isMissingTable(e)) {
                throw new InfrastructureException("cannot read the applied changesets from DATABASECHANGELOG: "
                        + SqlErrors.message(e), e);
            }
        }
        return Optional.of(applied);
    }

    @Override
    public String currentVersion(MigrationContext context) {
        try (Connection connection = context.connectAsRunUser();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(LAST_RUN)) {
            if (!rows.next()) {
                return ChangesetHistory.BASE;
            }
            String path = rows.getString(1);
            String id = rows.getString(2);
            String author = rows.getString(3);
            String key = changesets(context.checkout()).keyOf(path, id, author);
            return key != null ? key : Changeset.identity(path, id, author);
        } catch (SQLException e) {
            if (context.server().isMissingTable(e)) {
                return ChangesetHistory.BASE;
            }
            throw new InfrastructureException("cannot read the last changeset from DATABASECHANGELOG: "
                    + SqlErrors.message(e), e);
        }
    }

    @Override
    public StepOutcome step(MigrationContext context, Migration migration, Direction direction) {
        String target = direction == Direction.UP ? migration.upTarget() : migration.downTarget();
        if (target == null) {
            return StepOutcome.notRun("Liquibase cannot roll back changeset " + migration.upTarget()
                    + ": it has no rollback");
        }
        AtomicReference<String> failure = new AtomicReference<>();
        StepOutcome outcome = ToolProcess.run(context, JavaStepCommand.of(LiquibaseStep.class, arguments(direction, target)), Map.of(),
                (stderr, line) -> {
                    context.log().toolOutput(stderr, line);
                    if (stderr && line.startsWith(LiquibaseStep.FAILED)) {
                        failure.set(line.substring(LiquibaseStep.FAILED.length()));
                    }
                });
        if (outcome.kind() == StepOutcome.Kind.FAILED && failure.get() != null) {
            StepOutcome failed = StepOutcome.failed(failure.get());
            return outcome.process() == null ? failed : failed.ranFor(outcome.process());
        }
        return outcome;
    }

    @Override
    public String describe(Migration migration, Direction direction, String database) {
        String target = direction == Direction.UP ? migration.upTarget() : migration.downTarget();
        if (target == null) {
            return "(Liquibase cannot roll back changeset " + migration.upTarget() + ")";
        }
        return CommandLineTemplate.display(JavaStepCommand.shown(LiquibaseStep.class, arguments(direction, target)));
    }

    private List<String> arguments(Direction direction, String target) {
        return List.of(direction == Direction.UP ? LiquibaseStep.UPDATE : LiquibaseStep.ROLLBACK, changelog, target);
    }
}
