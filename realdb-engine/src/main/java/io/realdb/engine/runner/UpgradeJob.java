package io.realdb.engine.runner;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.analysis.AnalysisOptions;
import io.realdb.engine.analysis.LogAnalyzer;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.db.DatabaseEngine;
import io.realdb.engine.db.DatabaseEngines;
import io.realdb.engine.db.DatabaseServer;
import io.realdb.engine.db.SeedRestoreException;
import io.realdb.engine.db.SeedRestorer;
import io.realdb.engine.log.RunLog;
import io.realdb.engine.log.Sanitizer;
import io.realdb.engine.migration.Migration;
import io.realdb.engine.migration.MigrationContext;
import io.realdb.engine.migration.MigrationHistory;
import io.realdb.engine.migration.MigrationTool;
import io.realdb.engine.migration.MigrationTools;
import io.realdb.engine.migration.StepOutcome;
import io.realdb.engine.model.Direction;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.project.ProjectCheckout;
import io.realdb.engine.sandbox.Sandbox;
import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The real_db_upgrade job for one dataset: check out, restore the seed, upgrade to trunk, upgrade
 * to the change, downgrade, upgrade again, check the final version. Everything it observes goes
 * into the log; the result is the analysis of that log, so a re-analysis of the same log gives
 * the same verdict.
 */
public final class UpgradeJob {

    public static final String LOG_FILE = "realdb.log";

    /** realdb's scratch space in the output folder, removed after every run. */
    static final String WORK_FOLDER = ".realdb-work";

    private final Consumer<String> progress;

    /** @param progress sees every log line as it is written */
    public UpgradeJob(Consumer<String> progress) {
        this.progress = progress;
    }

    public RunOutcome run(RunRequest request) {
        Dataset dataset = request.dataset();
        Path out = request.outDir().toAbsolutePath().normalize();
        Path work = out.resolve(WORK_FOLDER);
        prepareOutput(out, work);
        MigrationTool tool = MigrationTools.create(
                request.migration() != null ? request.migration() : dataset.migration(),
                "dataset config '" + dataset.configFile() + "'");
        DatabaseEngine engine = DatabaseEngines.standard().get(request.server().engineId());

        Sanitizer sanitizer = sanitizer(request);
        Path logFile = out.resolve(LOG_FILE);
        Map<String, String> info = new LinkedHashMap<>();
        info.put("dataset", dataset.name());
        info.put("project", request.project());
        info.put("trunk", request.trunkRef());
        info.put("change", request.changeRef());
        info.put("tool", tool.id());
        info.put("startedAt", Instant.now().toString());
        String expectedFinal;
        try {
            try (RunLog log = RunLog.create(logFile, sanitizer, progress)) {
                expectedFinal = runLogged(request, tool, engine, work, log, info);
            }
            RunResult analysed = LogAnalyzer.analyze(logFile,
                    new AnalysisOptions(dataset.name(), dataset.limits(), expectedFinal));
            Map<String, String> allInfo = new LinkedHashMap<>();
            // A project URL may carry credentials; nothing realdb writes may.
            info.forEach((key, value) -> allInfo.put(key, value == null ? null : sanitizer.clean(value)));
            allInfo.putAll(analysed.info());
            RunResult result = new RunResult(analysed.schemaVersion(), analysed.dataset(), analysed.verdict(),
                    analysed.finalVersion(), analysed.expectedFinalVersion(), analysed.durationMs(), allInfo,
                    analysed.findings(), analysed.steps());
            Path resultFile = out.resolve(ResultJson.FILE_NAME);
            ResultJson.write(result, resultFile);
            return new RunOutcome(result, logFile, resultFile);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Everything that goes into the log: checkout, server, sandbox, the sequence. Trouble outside
     * the change is logged, not thrown, so that the log judges it.
     *
     * @return the version the run must end at, or null when it never got that far
     */
    private static String runLogged(RunRequest request, MigrationTool tool, DatabaseEngine engine, Path work,
                                    RunLog log, Map<String, String> info) {
        Dataset dataset = request.dataset();
        log.note("realdb run of dataset " + dataset.name() + " (" + dataset.configFile() + ")");
        String expectedFinal = null;
        try (ProjectCheckout checkout = ProjectCheckout.cloneFrom(request.project(), work.resolve("project"))) {
            ObjectId trunk = checkout.resolve(request.trunkRef());
            ObjectId change = checkout.resolve(request.changeRef());
            info.put("trunkCommit", trunk.name());
            info.put("changeCommit", change.name());
            log.note("Project " + request.project() + ": trunk " + request.trunkRef() + " is " + trunk.name()
                    + ", change " + request.changeRef() + " is " + change.name());

            checkout.checkout(trunk);
            MigrationHistory trunkHistory = tool.history(checkout.dir());
            checkout.checkout(change);
            MigrationHistory changeHistory = tool.history(checkout.dir());
            tool.preflight(checkout.dir(), request.toolEnvironment());
            if (!Dataset.NO_DOWNGRADE.equals(dataset.downgradeTo()) && !tool.canDowngrade()) {
                throw new BadInputException("dataset config '" + dataset.configFile() + "': the migration tool has no "
                        + "command to step down (migration.down), so set downgrade_to to \"none\" or give one");
            }
            expectedFinal = changeHistory.head();
            checkDowngradeTarget(dataset, changeHistory);
            log.expectedFinalVersion(expectedFinal);

            try (DatabaseServer server = startServer(engine, request, work, log)) {
                info.put("engine", server.engineId());
                info.put("serverVersion", server.version());
                ConnectionInfo connection = server.admin().withUser(dataset.user(), dataset.password());
                try (Sandbox sandbox = request.isolation().open(connection, checkout.dir(), request.limits())) {
                    log.note("Isolation: " + sandbox.describe());
                    info.put("isolation", request.isolation().id());
                    MigrationContext context = new MigrationContext(checkout.dir(), server, dataset.database(),
                            connection, log, sandbox, request.toolEnvironment(), request.budget().maximum());
                    new Sequence(dataset, tool, server, log, context, request.budget())
                            .run(checkout, trunk, change, trunkHistory, changeHistory);
                }
            }
        } catch (InfrastructureException e) {
            log.infrastructureError(e.getMessage());
        } catch (BadInputException e) {
            // Said where the run's other lines are, as well as to the caller.
            log.note("Bad input: " + e.getMessage());
            throw e;
        }
        return expectedFinal;
    }

    private static Sanitizer sanitizer(RunRequest request) {
        Sanitizer sanitizer = Sanitizer.standard().withPatterns(request.dataset().sanitize());
        for (String secret : request.allSecrets()) {
            sanitizer = sanitizer.withSecret(secret);
        }
        return sanitizer;
    }

    private static DatabaseServer startServer(DatabaseEngine engine, RunRequest request, Path work, RunLog log) {
        if (request.server().isEmbedded()) {
            log.note("Starting a private " + engine.id() + " server for this run");
            DatabaseServer server = engine.startPrivate(work.resolve("server"));
            log.note("Private server " + server.version() + " is up on " + server.admin().describe());
            return server;
        }
        DatabaseServer server = engine.connectExisting(request.server().existing());
        log.note("Using the existing server " + server.version() + " on " + server.admin().describe()
                + " (its row counters are server-wide: other clients' work counts too)");
        return server;
    }

    private static void checkDowngradeTarget(Dataset dataset, MigrationHistory changeHistory) {
        String target = dataset.downgradeTo();
        if (target == null || target.equals(Dataset.NO_DOWNGRADE)) {
            return;
        }
        try {
            changeHistory.applied(target, "change");
        } catch (BadInputException e) {
            throw new BadInputException("dataset config '" + dataset.configFile() + "': field downgrade_to = '" + target
                    + "' is not a version of the change (" + changeHistory.summary() + ")", e);
        }
    }

    /** The phases, one step at a time, stopping at the first step that does not end. */
    private static final class Sequence {
        private final Dataset dataset;
        private final MigrationTool tool;
        private final DatabaseServer server;
        private final RunLog log;
        private final MigrationContext context;
        private final TimeBudget budget;

        Sequence(Dataset dataset, MigrationTool tool, DatabaseServer server, RunLog log, MigrationContext context,
                 TimeBudget budget) {
            this.dataset = dataset;
            this.tool = tool;
            this.server = server;
            this.log = log;
            this.context = context;
            this.budget = budget;
        }

        void run(ProjectCheckout checkout, ObjectId trunk, ObjectId change,
                 MigrationHistory trunkHistory, MigrationHistory changeHistory) {
            if (!restore()) {
                return;
            }
            checkout.checkout(trunk);
            String seedVersion = tool.currentVersion(context);
            log.note("The seed is at version " + seedVersion);
            boolean ok = phase(Phase.UPGRADE_TRUNK, Direction.UP, trunkHistory.toApply(seedVersion, "trunk"));
            if (ok) {
                checkout.checkout(change);
                ok = phase(Phase.UPGRADE_CHANGE, Direction.UP, changeHistory.toApply(tool.currentVersion(context), "change"));
            }
            String target = dataset.downgradeTo() == null ? seedVersion : dataset.downgradeTo();
            if (ok && target.equals(Dataset.NO_DOWNGRADE)) {
                log.note("Downgrade skipped: downgrade_to is none");
            } else if (ok) {
                List<Migration> revert = changeHistory.toRevert(tool.currentVersion(context), target, "change");
                String stop = Phases.stopNote(revert);
                if (stop != null) {
                    log.note(stop);
                }
                ok = phase(Phase.DOWNGRADE, Direction.DOWN, Phases.revertible(revert));
                if (ok) {
                    phase(Phase.UPGRADE_AGAIN, Direction.UP, changeHistory.toApply(tool.currentVersion(context), "change"));
                }
            }
            if (server.isAlive()) {
                log.finalVersion(tool.currentVersion(context));
            } else {
                log.infrastructureError("the database server stopped answering");
            }
        }

        private boolean restore() {
            log.note("Restoring the seed " + dataset.seed().getFileName() + " into database " + dataset.database());
            server.prepareDatabase(dataset.database(), dataset.user(), dataset.password());
            checkLogin();
            try {
                SeedRestorer.Progress done = SeedRestorer.restore(server, dataset.database(), dataset.seed(),
                        progress -> log.note(String.format(java.util.Locale.ROOT, "Restoring: %.0f%% (%,d statements)",
                                progress.fraction() * 100, progress.statements())));
                log.note(String.format(java.util.Locale.ROOT, "Seed restored: %,d statements in %.1f s",
                        done.statements(), done.elapsed().toMillis() / 1000.0));
            } catch (SeedRestoreException e) {
                if (!server.isAlive()) {
                    throw new InfrastructureException("the database server stopped answering while restoring the seed", e);
                }
                log.seedRestoreFailed(e.getMessage());
                return false;
            }
            log.note("Counters after restoring the seed:");
            log.counters(server.counterPrefix(), server.readCounters());
            return true;
        }

        /**
         * On an existing server the dataset's user may exist already, with another password: then
         * every migration would fail, and the change would be blamed.
         */
        private void checkLogin() {
            try (java.sql.Connection ignored = server.connectAs(context.connection(), dataset.database())) {
                log.note("The migrations run as database user " + dataset.user());
            } catch (java.sql.SQLException e) {
                throw new InfrastructureException("cannot close a test connection: " + e.getMessage(), e);
            } catch (BadInputException e) {
                throw new BadInputException("the dataset's user '" + dataset.user() + "' cannot log in to database '"
                        + dataset.database() + "' with the dataset's password (" + e.getMessage() + "); on an existing "
                        + "server, give the user's real password (db_pass, db_pass_env or db_pass_file)", e);
            }
        }

        private boolean phase(Phase phase, Direction direction, List<Migration> migrations) {
            log.phase(phase.id());
            for (Migration migration : migrations) {
                if (!step(migration, direction)) {
                    return false;
                }
            }
            return true;
        }

        private boolean step(Migration migration, Direction direction) {
            boolean up = direction == Direction.UP;
            String from = up ? migration.from() : migration.version();
            String to = up ? migration.version() : migration.from();
            log.stepStart(from, to);
            java.time.Duration timeout = budget.forStep(dataset.limits(), migration.key(direction));
            StepOutcome outcome = tool.step(context.withStepTimeout(timeout), migration, direction);
            if (outcome.process() != null) {
                log.processTime(outcome.process());
            }
            switch (outcome.kind()) {
                case DONE -> {
                    log.stepDone();
                    log.counters(server.counterPrefix(), server.readCounters());
                    return true;
                }
                case NOT_RUN -> {
                    log.toolCouldNotRun(outcome.reason());
                    return false;
                }
                default -> {
                    if (!server.isAlive()) {
                        throw new InfrastructureException("the database server stopped answering during migration "
                                + from + " -> " + to);
                    }
                    log.stepFailed(from, to, outcome.reason());
                    return false;
                }
            }
        }
    }

    private static void prepareOutput(Path out, Path work) {
        try {
            Files.createDirectories(out);
            deleteTree(work);
            Files.deleteIfExists(out.resolve(ResultJson.FILE_NAME));
        } catch (IOException e) {
            throw new BadInputException("cannot create the output folder '" + out + "': " + e.getMessage(), e);
        }
    }

    /**
     * Removes a folder a migration may have played with: folders it made unreadable are made
     * readable again first.
     */
    static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    dir.toFile().setReadable(true);
                    dir.toFile().setWritable(true);
                    dir.toFile().setExecutable(true);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new InfrastructureException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
