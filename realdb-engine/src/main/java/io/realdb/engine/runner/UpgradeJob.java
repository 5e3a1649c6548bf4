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
import io.realdb.engine.db.RunDatabase;
import io.realdb.engine.db.SeedRestoreException;
import io.realdb.engine.db.SeedRestorer;
import io.realdb.engine.db.SeedSnapshots;
import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.impact.ImpactMeter;
import io.realdb.engine.impact.StepProbe;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The real_db_upgrade job for one dataset: check out, restore the seed, upgrade to trunk, upgrade
 * to the change, downgrade, upgrade again, check the final version. Everything it observes goes
 * into the log; the result is the analysis of that log, so a re-analysis of the same log gives
 * the same verdict.
 */
public final class UpgradeJob {

    public static final String LOG_FILE = "realdb.log";

    /** How long a run on an existing server waits for another run there to finish. */
    static final java.time.Duration COUNTER_WAIT = java.time.Duration.ofHours(2);

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
        DatabaseEngine engine = DatabaseEngines.standard().get(request.server().engineId());
        MigrationTool tool = MigrationTools.create(
                request.migration() != null ? request.migration() : dataset.migration(),
                "dataset config '" + dataset.configFile() + "'", engine.id());

        RunDatabase target = request.server().runDatabase(dataset);
        Sanitizer sanitizer = target.password() == null || target.password().isBlank() ? sanitizer(request)
                : sanitizer(request).withSecret(target.password());
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
                // Told to stop (a CI's abort): a closing line, then what the run made goes, newest first.
                java.util.Deque<Runnable> undo = new java.util.concurrent.ConcurrentLinkedDeque<>();
                undo.push(() -> deleteTree(work));
                Thread interrupted = new Thread(() -> {
                    log.interrupted();
                    for (Runnable step : undo) {
                        try {
                            step.run();
                        } catch (RuntimeException e) {
                            // Best effort while the JVM stops; realdb cleanup removes a server's leftovers.
                        }
                    }
                }, "realdb-run-interrupted");
                Runtime.getRuntime().addShutdownHook(interrupted);
                try {
                    expectedFinal = runLogged(request, target, tool, engine, work, log, info, undo);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(interrupted);
                    } catch (IllegalStateException e) {
                        // The JVM is stopping: the hook writes the closing line.
                    }
                }
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
    private static String runLogged(RunRequest request, RunDatabase target, MigrationTool tool, DatabaseEngine engine,
                                    Path work, RunLog log, Map<String, String> info, java.util.Deque<Runnable> undo) {
        Dataset dataset = request.dataset();
        log.note("realdb run of dataset " + dataset.name() + " (" + dataset.configFile() + ")");
        String expectedFinal = null;
        try (ProjectCheckout checkout = checkOut(request.project(), work.resolve("project"))) {
            ObjectId trunk = checkout.resolve(request.trunkRef());
            ObjectId change = checkout.resolve(request.changeRef());
            info.put("trunkCommit", trunk.name());
            info.put("changeCommit", change.name());
            log.note("Project " + request.project() + ": trunk " + request.trunkRef() + " is " + trunk.name()
                    + ", change " + request.changeRef() + " is " + change.name());

            checkout.checkout(trunk);
            log.note(checkout.timing().describe());
            MigrationHistory trunkHistory = tool.history(checkout.dir());
            // Trunk's steps run trunk's files: a wrapper it lacks is the configuration's fault, not the change's.
            tool.preflight(checkout.dir(), request.toolEnvironment());
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

            Started started = startServer(engine, request, target, work, log);
            try (DatabaseServer server = started.server()) {
                undo.push(() -> {
                    server.dropRunDatabase(target);
                    server.close();
                });
                info.put("engine", server.engineId());
                info.put("serverVersion", server.version());
                checkSocketLogins(server, request);
                server.holdCounters(COUNTER_WAIT, log::note);
                ConnectionInfo connection = server.admin().withUser(target.user(), target.password());
                try (Sandbox sandbox = request.isolation().open(connection, checkout.dir(), request.limits(), server.socketName())) {
                    undo.push(sandbox::close);
                    log.note("Isolation: " + sandbox.describe());
                    info.put("isolation", request.isolation().id());
                    // Before the seed's counters: what setting it up counts is in no step's.
                    ImpactMeter impact = ImpactMeter.open(server, connection, target.database(),
                            request.impactSettings(), tool.ownTables(), log);
                    MigrationContext context = new MigrationContext(checkout.dir(), server, target.database(),
                            connection, log, sandbox, request.toolEnvironment(), request.budget().maximum());
                    new Sequence(dataset, target, tool, server, started.seeded(), log, context, request.budget(),
                            impact)
                            .run(checkout, trunk, change, trunkHistory, changeHistory);
                } finally {
                    removeRunDatabase(server, target, log);
                }
            }
        } catch (InfrastructureException e) {
            log.infrastructureError(e.getMessage());
        } catch (SeedRestoreException e) {
            // Restored on the way to a snapshot, before any step: the seed's fault, as in Sequence.restore.
            log.seedRestoreFailed(e.getMessage());
        } catch (BadInputException e) {
            // Said where the run's other lines are, as well as to the caller.
            log.note("Bad input: " + e.getMessage());
            throw e;
        }
        return expectedFinal;
    }

    /**
     * The project's working copy in {@code dir}: through its mirror in realdb's home, or through
     * one of its own when {@code REALDB_MIRRORS=off}.
     */
    static ProjectCheckout checkOut(String project, Path dir) {
        if ("off".equalsIgnoreCase(System.getenv(ProjectCheckout.MIRRORS_VARIABLE))) {
            return ProjectCheckout.cloneFrom(project, dir);
        }
        return ProjectCheckout.fromMirror(project, HistoryLocation.home(System::getenv), dir);
    }

    /**
     * A migration that reaches an existing server's own socket does so as an operating-system
     * user: realdb's own, or nobody when realdb runs as root. Where the server lets that user in
     * by socket without a password, the migration would be that account.
     */
    private static void checkSocketLogins(DatabaseServer server, RunRequest request) {
        if (server.isPrivate() || server.admin().socket() == null
                || request.isolation() == io.realdb.engine.sandbox.Isolation.NONE) {
            return;
        }
        boolean bwrap = request.isolation() == io.realdb.engine.sandbox.Isolation.AUTO
                || request.isolation() == io.realdb.engine.sandbox.Isolation.BWRAP;
        // As root, bwrap drops the command to the host's nobody; otherwise it stays realdb's own user.
        String osUser = bwrap && "root".equals(System.getProperty("user.name")) ? "nobody" : System.getProperty("user.name");
        if (server.acceptsSocketLoginAs(osUser).orElse(false)) {
            throw new BadInputException("the server at " + server.admin().describe() + " lets the system user '" + osUser
                    + "' log in over its socket without a password, and migrations would reach that socket as '" + osUser
                    + "': give the server by --db-host (TCP) instead of --db-socket");
        }
    }

    /** On an existing server, what the run created goes when it ends, however it ends. */
    private static void removeRunDatabase(DatabaseServer server, RunDatabase target, RunLog log) {
        if (server.isPrivate()) {
            return;
        }
        try {
            if (server.dropRunDatabase(target)) {
                log.note("Removed the run's " + target + " from the server");
            }
        } catch (RuntimeException e) {
            log.note("Could not remove the run's " + target + " (realdb cleanup removes it later): " + e.getMessage());
        }
    }

    private static Sanitizer sanitizer(RunRequest request) {
        Sanitizer sanitizer = Sanitizer.standard().withPatterns(request.dataset().sanitize());
        for (String secret : request.allSecrets()) {
            sanitizer = sanitizer.withSecret(secret);
        }
        return sanitizer;
    }

    /** @param seeded whether the server started with the seed in the run's database and the run's user made */
    private record Started(DatabaseServer server, boolean seeded) {
    }

    /**
     * A private server of an engine that keeps snapshots starts with the seed restored, from a
     * copy of the seed's snapshot, made first when there is none.
     */
    private static Started startServer(DatabaseEngine engine, RunRequest request, RunDatabase target, Path work,
                                       RunLog log) {
        if (request.server().isEmbedded()) {
            log.note("Starting a private " + engine.id() + " server for this run");
            java.util.Optional<SeedSnapshots> snapshots = engine.snapshots();
            DatabaseServer server = snapshots.isPresent()
                    ? snapshots.get().startPrivate(work.resolve("server"), request.dataset().seed(), target, new SeedLog(log))
                    : engine.startPrivate(work.resolve("server"));
            log.note("Private server " + server.version() + " is up on " + server.admin().describe());
            return new Started(server, snapshots.isPresent());
        }
        DatabaseServer server = engine.connectExisting(request.server().existing());
        log.note("Using the existing server " + server.version() + " on " + server.admin().describe()
                + " (its row counters are server-wide: other clients' work counts too)");
        return new Started(server, false);
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
        private final RunDatabase target;
        private final MigrationTool tool;
        private final DatabaseServer server;
        private final boolean seeded;
        private final RunLog log;
        private final MigrationContext context;
        private final TimeBudget budget;
        private final ImpactMeter impact;

        Sequence(Dataset dataset, RunDatabase target, MigrationTool tool, DatabaseServer server, boolean seeded,
                 RunLog log, MigrationContext context, TimeBudget budget, ImpactMeter impact) {
            this.dataset = dataset;
            this.target = target;
            this.tool = tool;
            this.server = server;
            this.seeded = seeded;
            this.log = log;
            this.context = context;
            this.budget = budget;
            this.impact = impact;
        }

        void run(ProjectCheckout checkout, ObjectId trunk, ObjectId change,
                 MigrationHistory trunkHistory, MigrationHistory changeHistory) {
            if (!restore()) {
                return;
            }
            checkout.checkout(trunk);
            String seedVersion = tool.currentVersion(context);
            log.note("The seed is at version " + seedVersion);
            Set<String> seedApplied = new HashSet<>(appliedInOrder(trunkHistory, "trunk"));
            boolean ok = upgrade(Phase.UPGRADE_TRUNK, trunkHistory, "trunk");
            if (ok) {
                checkout.checkout(change);
                ok = upgrade(Phase.UPGRADE_CHANGE, changeHistory, "change");
            }
            String target = dataset.downgradeTo() == null ? seedVersion : dataset.downgradeTo();
            if (ok && target.equals(Dataset.NO_DOWNGRADE)) {
                log.note("Downgrade skipped: downgrade_to is none");
            } else if (ok) {
                List<String> applied = appliedInOrder(changeHistory, "change");
                Set<String> kept = dataset.downgradeTo() == null ? seedApplied : changeHistory.applied(target, "change");
                Map<String, Migration> byVersion = new HashMap<>();
                changeHistory.migrations().forEach(m -> byVersion.put(m.version(), m));
                List<Migration> revert = new ArrayList<>();
                for (int i = applied.size() - 1; i >= 0; i--) {
                    Migration migration = byVersion.get(applied.get(i));
                    if (migration != null && !kept.contains(migration.version())) {
                        revert.add(migration);
                    }
                }
                String stop = Phases.stopNote(revert);
                if (stop != null) {
                    log.note(stop);
                }
                ok = phase(Phase.DOWNGRADE, Direction.DOWN, changeHistory, new HashSet<>(applied), Phases.revertible(revert));
                if (ok) {
                    upgrade(Phase.UPGRADE_AGAIN, changeHistory, "change");
                }
            }
            if (server.isAlive()) {
                log.finalVersion(tool.currentVersion(context));
            } else {
                log.infrastructureError("the database server stopped answering");
            }
        }

        /** Applies, one at a time, every migration of {@code history} the database does not have. */
        private boolean upgrade(Phase phase, MigrationHistory history, String where) {
            Set<String> applied = new HashSet<>(appliedInOrder(history, where));
            List<Migration> pending = history.migrations().stream().filter(m -> !applied.contains(m.version())).toList();
            return phase(phase, Direction.UP, history, applied, pending);
        }

        /**
         * What the database has applied, oldest first: the tool's own record of each migration
         * where it keeps one (a migration that a change inserts below one already applied is then
         * still to run), else what its version implies, in the history's order.
         */
        private List<String> appliedInOrder(MigrationHistory history, String where) {
            Set<String> implied = history.applied(tool.currentVersion(context), where);
            return tool.appliedVersions(context).orElseGet(() -> history.migrations().stream()
                    .map(Migration::version).filter(implied::contains).toList());
        }

        private boolean restore() {
            if (seeded) {
                checkLogin();
                log.note("Counters after restoring the seed:");
                log.counters(server.counterPrefix(), impact.withoutProbes(server.readCounters()));
                return true;
            }
            if (server.isPrivate()) {
                log.note("Restoring the seed " + dataset.seed().getFileName() + " into database " + target.database());
            } else {
                log.note("Restoring the seed " + dataset.seed().getFileName() + " into database " + target.database()
                        + ", made for this run on the existing server as the run's own user " + target.user()
                        + "; both are removed when the run ends");
            }
            server.createRunDatabase(target);
            checkLogin();
            java.util.Optional<String> copied = server.restoreFromTemplate(target, dataset.seed());
            if (copied.isPresent()) {
                log.note(copied.get());
                log.note("Counters after restoring the seed:");
                log.counters(server.counterPrefix(), impact.withoutProbes(server.readCounters()));
                return true;
            }
            try {
                SeedRestorer.Progress done = SeedRestorer.restore(server, server.restoresAsRunUser() ? context.connection() : null,
                        target.database(), java.util.Set.of(dataset.database()), dataset.seed(),
                        progress -> log.note(SeedLog.restoring(progress)));
                log.note(SeedLog.restored(done));
            } catch (SeedRestoreException e) {
                if (!server.isAlive()) {
                    throw new InfrastructureException("the database server stopped answering while restoring the seed", e);
                }
                log.seedRestoreFailed(e.getMessage());
                return false;
            }
            server.keepAsTemplate(target, dataset.seed()).ifPresent(log::note);
            log.note("Counters after restoring the seed:");
            log.counters(server.counterPrefix(), impact.withoutProbes(server.readCounters()));
            return true;
        }

        /** The user the migrations run as must be able to log in, or every migration would fail and be blamed. */
        private void checkLogin() {
            try (java.sql.Connection ignored = server.connectAs(context.connection(), target.database())) {
                log.note("The migrations run as database user " + target.user());
            } catch (java.sql.SQLException e) {
                throw new InfrastructureException("cannot close a test connection: " + e.getMessage(), e);
            } catch (BadInputException e) {
                throw new BadInputException("the migration user '" + target.user() + "' cannot log in to database '"
                        + target.database() + "' (" + e.getMessage() + ")", e);
            }
        }

        private boolean phase(Phase phase, Direction direction, MigrationHistory history, Set<String> applied,
                              List<Migration> migrations) {
            log.phase(phase.id());
            for (Migration migration : migrations) {
                if (!step(migration, direction, history, applied)) {
                    return false;
                }
            }
            return true;
        }

        private boolean step(Migration migration, Direction direction, MigrationHistory history, Set<String> applied) {
            boolean up = direction == Direction.UP;
            String from = up ? migration.from() : migration.version();
            String to = up ? migration.version() : migration.from();
            java.time.Duration timeout = budget.forStep(dataset.limits(), migration.key(direction));
            // The probes find their tables and rows before the step starts, and stop after its end line.
            try (StepProbe probe = impact.prepareStep()) {
                log.stepStart(from, to);
                probe.start();
                StepOutcome outcome;
                java.time.Instant silent;
                try (ServerWatch watch = ServerWatch.start(server)) {
                    outcome = tool.step(context.withStepTimeout(timeout), migration, direction);
                    silent = watch.silentSince();
                }
                if (outcome.process() != null) {
                    log.processTime(outcome.process());
                }
                if (!outcome.isDone() && (silent != null || !server.isAlive())) {
                    throw new InfrastructureException("the database server stopped answering during migration " + from
                            + " -> " + to + (silent == null ? "" : " (no answer from " + silent + ")"));
                }
                switch (outcome.kind()) {
                    case DONE -> {
                        String moved = checkMoved(migration, direction, history, applied);
                        if (moved != null) {
                            log.stepFailed(from, to, moved);
                            probe.finish();
                            return false;
                        }
                        log.stepDone();
                        probe.finish();
                        log.counters(server.counterPrefix(), impact.withoutProbes(server.readCounters()));
                        return true;
                    }
                    case NOT_RUN -> {
                        log.toolCouldNotRun(outcome.reason());
                        return false;
                    }
                    default -> {
                        log.stepFailed(from, to, outcome.reason());
                        probe.finish();
                        return false;
                    }
                }
            }
        }

        /**
         * Checks that the step moved the database by exactly its migration: a tool told the wrong
         * target, or one that applies several migrations at once, must not pass unnoticed.
         *
         * @return what is wrong, or null; {@code applied} is updated when the step moved as it should
         */
        private String checkMoved(Migration migration, Direction direction, MigrationHistory history,
                                  Set<String> applied) {
            Set<String> expected = new HashSet<>(applied);
            if (direction == Direction.UP) {
                expected.add(migration.version());
            } else {
                expected.remove(migration.version());
            }
            java.util.Optional<Set<String>> recorded = tool.appliedVersions(context).map(HashSet::new);
            String expectedState = history.state(expected);
            if (recorded.isPresent() ? !recorded.get().equals(expected)
                    : !tool.currentVersion(context).equals(expectedState)) {
                String actual = tool.currentVersion(context);
                return "the tool reported success, but the database is at " + actual + " afterwards, not "
                        + expectedState + ": the step did not " + (direction == Direction.UP ? "apply" : "revert")
                        + " exactly " + migration.version();
            }
            applied.clear();
            applied.addAll(expected);
            return null;
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
