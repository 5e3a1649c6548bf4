package io.realdb.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationTools;
import io.realdb.engine.model.Direction;
import io.realdb.engine.model.Phase;
import io.realdb.engine.project.ProjectCheckout;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Works out the steps of a run without a database: the tool's histories of trunk and change,
 * the seed's version (given, or read from the seed's dump), and the same phase rules as the run.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * @param migration the {@code migration} section to use instead of the dataset's, or null
     * @param from      the seed's version, or null to read it from the seed
     */
    public static Plan plan(Dataset dataset, JsonNode migration, String project, String trunkRef, String changeRef,
                            String from) {
        // The dataset's engine: a Liquibase changelog's dbms lists depend on it.
        String engine = io.realdb.engine.db.DatabaseEngines.standard().find(dataset.engine())
                .map(io.realdb.engine.db.DatabaseEngine::id).orElse(io.realdb.engine.db.MariaDbEngine.ID);
        MigrationTool tool = MigrationTools.create(migration != null ? migration : dataset.migration(),
                "dataset config '" + dataset.configFile() + "'", engine);
        Path work;
        try {
            work = Files.createTempDirectory("realdb-plan");
        } catch (IOException e) {
            throw new io.realdb.engine.InfrastructureException("cannot make a temporary folder: " + e.getMessage(), e);
        }
        try (ProjectCheckout checkout = UpgradeJob.checkOut(project, work.resolve("project"))) {
            ObjectId trunk = checkout.resolve(trunkRef);
            ObjectId change = checkout.resolve(changeRef);
            checkout.checkout(trunk);
            MigrationHistory trunkHistory = tool.history(checkout.dir());
            checkout.checkout(change);
            MigrationHistory changeHistory = tool.history(checkout.dir());
            return plan(dataset, tool, trunkHistory, changeHistory, from);
        } finally {
            UpgradeJob.deleteTree(work);
        }
    }

    static Plan plan(Dataset dataset, MigrationTool tool, MigrationHistory trunkHistory, MigrationHistory changeHistory,
                     String from) {
        List<String> notes = new ArrayList<>();
        String seed;
        String source;
        if (from != null) {
            seed = from;
            source = "--from";
        } else {
            Optional<String> read = tool.seedVersion(dataset.seed());
            if (read.isPresent()) {
                seed = read.get();
                source = "seed";
                notes.add(seed.equals(trunkHistory.base())
                        ? "The seed " + dataset.seed().getFileName() + " has no row in the tool's table: it is taken as a "
                                + "database no migration has touched (" + seed + "); give --from VERSION if it is not"
                        : "The seed " + dataset.seed().getFileName() + " is at version " + seed
                                + ", as its dump of the tool's table says");
            } else {
                seed = trunkHistory.base();
                source = "base";
                notes.add("The " + tool.id() + " tool cannot read the seed's version from its dump: the steps start "
                        + "from an empty database; give --from VERSION");
            }
        }
        List<PlannedStep> steps = new ArrayList<>();
        List<Migration> trunkSteps = trunkHistory.toApply(seed, "trunk");
        add(steps, Phase.UPGRADE_TRUNK, Direction.UP, trunkSteps, tool, dataset);
        String afterTrunk = trunkSteps.isEmpty() ? seed : trunkHistory.head();
        List<Migration> changeSteps = changeHistory.toApply(afterTrunk, "change");
        add(steps, Phase.UPGRADE_CHANGE, Direction.UP, changeSteps, tool, dataset);
        String head = changeSteps.isEmpty() ? afterTrunk : changeHistory.head();
        String target = dataset.downgradeTo() == null ? seed : dataset.downgradeTo();
        if (target.equals(Dataset.NO_DOWNGRADE)) {
            notes.add("Downgrade skipped: downgrade_to is none");
        } else if (!tool.canDowngrade()) {
            notes.add("The migration tool has no command to step down: set downgrade_to to \"none\" or give one");
        } else {
            List<Migration> revert = changeHistory.toRevert(head, target, "change");
            String stop = Phases.stopNote(revert);
            if (stop != null) {
                notes.add(stop);
            }
            List<Migration> down = Phases.revertible(revert);
            add(steps, Phase.DOWNGRADE, Direction.DOWN, down, tool, dataset);
            List<Migration> again = new ArrayList<>(down);
            Collections.reverse(again);
            add(steps, Phase.UPGRADE_AGAIN, Direction.UP, again, tool, dataset);
        }
        return new Plan(dataset.name(), tool.id(), seed, source, changeHistory.head(), steps, notes);
    }

    private static void add(List<PlannedStep> steps, Phase phase, Direction direction, List<Migration> migrations,
                            MigrationTool tool, Dataset dataset) {
        for (Migration migration : migrations) {
            boolean up = direction == Direction.UP;
            steps.add(new PlannedStep(phase, direction, up ? migration.from() : migration.version(),
                    up ? migration.version() : migration.from(), tool.describe(migration, direction, dataset.database())));
        }
    }
}
