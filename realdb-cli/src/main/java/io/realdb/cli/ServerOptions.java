package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.db.ConnectionInfo;
import io.realdb.engine.runner.ServerSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which database server: a private one by default, or an existing one with its admin login. */
final class ServerOptions {

    @Option(names = "--engine", paramLabel = "ID",
            description = "mariadb (also mysql, percona) or postgresql (also postgres, pg). "
                    + "Default: the dataset's engine, else its type.")
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

    ServerSpec spec(String engineId) {
        if (host == null && socket == null) {
            if (passwordEnv != null || passwordFile != null) {
                throw new BadInputException("--db-password-env and --db-password-file need --db-host or --db-socket");
            }
            return ServerSpec.embedded(engineId);
        }
        return ServerSpec.existing(engineId, existing());
    }

    /** The existing server's admin login; bad input when none was given. */
    ConnectionInfo existing() {
        if (host == null && socket == null) {
            throw new BadInputException("give the existing server with --db-host or --db-socket");
        }
        if (host != null && socket != null) {
            throw new BadInputException("give either --db-host or --db-socket, not both");
        }
        String password = password();
        return socket != null ? ConnectionInfo.socket(socket, user, password) : ConnectionInfo.tcp(host, port, user, password);
    }

    private String password() {
        if (passwordEnv != null) {
            String value = System.getenv(passwordEnv);
            if (value == null) {
                throw new BadInputException("--db-password-env names '" + passwordEnv + "', which is not set");
            }
            return value;
        }
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new BadInputException("--db-password-file '" + passwordFile + "' cannot be read: " + e.getMessage(), e);
            }
        }
        return "";
    }
}
