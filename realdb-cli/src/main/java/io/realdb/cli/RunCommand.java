package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.runner.RunRequest;
import io.realdb.engine.runner.ServerSpec;
import io.realdb.engine.runner.ToolEnvironment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    @Option(names = {"-q", "--quiet"}, description = "Do not print the log while the run goes on.")
    boolean quiet;

    @Mixin
    PublishOptions publishing = new PublishOptions();

    static final class ServerOptions {
        @Option(names = "--engine", paramLabel = "ID",
                description = "mariadb (also mysql, percona). Default: the dataset's type.")
        String engine;

        @Option(names = "--db-host", paramLabel = "HOST", description = "An existing server's host.")
        String host;

        @Option(names = "--db-port", paramLabel = "PORT", description = "An existing server's port. Default: 3306.")
        int port = 3306;

        @Option(names = "--db-socket", paramLabel = "PATH", description = "An existing server's unix socket.")
        Path socket;

        @Option(names = "--db-user", paramLabel = "USER", description = "The existing server's admin user. Default: root.")
        String user = "root";

        @Option(names = "--db-password-env", paramLabel = "NAME",
                description = "The environment variable that holds the admin password.")
        String passwordEnv;

        @Option(names = "--db-password-file", paramLabel = "FILE",
                description = "A file that holds the admin password.")
        Path passwordFile;
    }

    @Override
    protected int execute() {
        DatasetLoader loader = new DatasetLoader();
        Dataset loaded = loader.load(dataset);
        loader.warnings().forEach(w -> err().println("realdb: warning: " + w));
        String engine = server.engine != null ? server.engine : loaded.engine();
        RunRequest request = RunRequest.of(loaded, project, trunk, change, out, serverSpec(engine),
                        ToolEnvironment.scrubbed(passEnv, System::getenv))
                .withMigration(MigrationConfigOption.read(migrationConfig))
                .with(sandbox.isolation(), sandbox.budget())
                .withLimits(sandbox.limits())
                .withSecrets(Secrets.fromEnvironment(secretEnv));
        return Runs.runAndReport(request, quiet, out(), err(), result -> publishing.publish(List.of(result),
                Map.of(loaded.name(), loaded.limits()), out, true, out(), err(), System::getenv));
    }

    private ServerSpec serverSpec(String engine) {
        if (server.host == null && server.socket == null) {
            if (server.passwordEnv != null || server.passwordFile != null) {
                throw new BadInputException("--db-password-env and --db-password-file need --db-host or --db-socket");
            }
            return ServerSpec.embedded(engine);
        }
        if (server.host != null && server.socket != null) {
            throw new BadInputException("give either --db-host or --db-socket, not both");
        }
        String password = adminPassword();
        ConnectionInfo connection = server.socket != null
                ? ConnectionInfo.socket(server.socket, server.user, password)
                : ConnectionInfo.tcp(server.host, server.port, server.user, password);
        return ServerSpec.existing(engine, connection);
    }

    private String adminPassword() {
        if (server.passwordEnv != null) {
            String value = System.getenv(server.passwordEnv);
            if (value == null) {
                throw new BadInputException("--db-password-env names '" + server.passwordEnv + "', which is not set");
            }
            return value;
        }
        if (server.passwordFile != null) {
            try {
                return Files.readString(server.passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new BadInputException("--db-password-file '" + server.passwordFile + "' cannot be read: " + e.getMessage(), e);
            }
        }
        return "";
    }
}
