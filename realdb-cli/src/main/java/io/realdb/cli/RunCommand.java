package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.runner.RunRequest;
import io.realdb.engine.runner.ServerSpec;
import io.realdb.engine.runner.ToolEnvironment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "run",
        description = "Runs the job for one dataset: restore the seed, upgrade to trunk, upgrade to the change, "
                + "downgrade, upgrade again, check the final version; then judges every step. "
                + "Writes realdb.log and result.json into the output folder, records the run in the history, "
                + "and writes report.html, junit.xml and review-message.txt beside them.")
final class RunCommand extends AbstractCommand {

    @Option(names = "--dataset", required = true, paramLabel = "DIR",
            description = "The dataset folder: config.json (turbo-hipster's format is read as it is) and the seed (.sql or .sql.gz).")
    Path dataset;

    @Option(names = "--project", required = true, paramLabel = "REPO",
            description = "The project: a local git folder or a git URL.")
    String project;

    @Option(names = "--trunk", defaultValue = "master", paramLabel = "REF",
            description = "The target branch (or any ref). Default: ${DEFAULT-VALUE}.")
    String trunk;

    @Option(names = "--change", required = true, paramLabel = "REF",
            description = "The change under test: a branch, a commit, or a Gerrit ref such as refs/changes/15/65615/3.")
    String change;

    @Option(names = "--out", defaultValue = "realdb-out", paramLabel = "DIR",
            description = "Where realdb.log and result.json go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @ArgGroup(exclusive = false, heading = "%nDatabase server (default: a private server realdb starts for the run):%n")
    ServerOptions server = new ServerOptions();

    @Option(names = "--database", paramLabel = "NAME",
            description = "On an existing server, the database the run creates and works in; it must not exist. "
                    + "Default: the dataset's database name with a suffix unique to the run.")
    String database;

    @Option(names = "--migration-config", paramLabel = "FILE",
            description = "A JSON file holding a 'migration' object, used instead of the dataset config's.")
    Path migrationConfig;

    @ArgGroup(exclusive = false, heading = "%nIsolation, resource limits and time budget:%n")
    SandboxOptions sandbox = new SandboxOptions();

    @Option(names = "--pass-env", paramLabel = "NAME",
            description = "An environment variable the migration command may see (repeatable). "
                    + "It sees PATH, HOME, the locale and the database's variables, and nothing else.")
    List<String> passEnv = new ArrayList<>();

    @Option(names = "--secret-env", paramLabel = "NAME",
            description = "An environment variable holding a secret (a review token, say) that must never appear "
                    + "in anything realdb writes (repeatable).")
    List<String> secretEnv = new ArrayList<>();

    @Option(names = "--impact", negatable = true,
            description = "Whether to measure, while each step runs, how long it blocks reads and writes (a small "
                    + "workload of primary-key reads and rolled-back writes, as the run's database user). "
                    + "Default: the dataset config's impact.enabled, on unless it says otherwise.")
    Boolean impact;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the log while the run goes on.")
    boolean quiet;

    @Mixin
    PublishOptions publishing = new PublishOptions();

    @Override
    protected int execute() {
        publishing.check(System::getenv);
        Runs.clearPublished(out);
        DatasetLoader loader = new DatasetLoader();
        Dataset loaded;
        try {
            loaded = loader.load(dataset);
        } catch (BadInputException e) {
            Runs.logBadInput(out, e);
            throw e;
        }
        loader.warnings().forEach(w -> err().println("realdb: warning: " + w));
        String engine = server.engine != null ? server.engine : loaded.engine();
        RunRequest request = RunRequest.of(loaded, project, trunk, change, out, withDatabase(server.spec(engine)),
                        ToolEnvironment.scrubbed(passEnv, System::getenv))
                .withMigration(MigrationConfigOption.read(migrationConfig))
                .with(sandbox.isolation(), sandbox.budget())
                .withLimits(sandbox.limits())
                .withSecrets(Secrets.fromEnvironment(secretEnv))
                .withImpact(impact);
        try (PublishOptions.Session session = publishing.session(out(), err(), System::getenv)) {
            return Runs.runAndReport(request, quiet, out(), err(), new Runs.AfterRun() {
                @Override
                public RunResult judge(RunResult result) {
                    return session.judge(result, loaded.limits());
                }

                @Override
                public void publish(RunResult result) {
                    session.publish(List.of(result), Map.of(loaded.name(), loaded.limits()), out, true);
                }
            });
        }
    }

    private ServerSpec withDatabase(ServerSpec spec) {
        if (database == null) {
            return spec;
        }
        if (spec.isEmbedded()) {
            throw new BadInputException("--database names a database on an existing server: give --db-host or --db-socket "
                    + "(a private server uses the dataset's database name)");
        }
        return spec.withDatabase(database);
    }
}
