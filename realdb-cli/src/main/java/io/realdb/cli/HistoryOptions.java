package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.history.HistoryLocation;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Which history a command uses: an H2 file in realdb's home by default, or a shared one by JDBC
 * URL. The password comes from a variable or a file, never from the command line.
 */
final class HistoryOptions {

    @Option(names = "--history", paramLabel = "JDBC-URL",
            description = "The history: jdbc:postgresql://…, jdbc:mariadb://…, jdbc:mysql://… or jdbc:h2:file:…. "
                    + "Default: $" + HistoryLocation.URL_VARIABLE + ", else an H2 file in $" + HistoryLocation.HOME_VARIABLE
                    + " (default ~/.realdb)/history.")
    String url;

    @Option(names = "--history-user", paramLabel = "USER",
            description = "The history database's user. Default: $" + HistoryLocation.USER_VARIABLE + ".")
    String user;

    @Option(names = "--history-password-env", paramLabel = "NAME",
            description = "The environment variable that holds the history user's password. Default: "
                    + HistoryLocation.PASSWORD_VARIABLE + ".")
    String passwordEnv;

    @Option(names = "--history-password-file", paramLabel = "FILE",
            description = "A file that holds the history user's password.")
    Path passwordFile;

    HistoryLocation location(Function<String, String> environment) {
        if (url == null && user == null && passwordEnv == null && passwordFile == null) {
            return HistoryLocation.fromEnvironment(environment);
        }
        HistoryLocation fallback = url == null ? HistoryLocation.fromEnvironment(environment) : null;
        String chosenUrl = url != null ? url : fallback.url();
        String chosenUser = user != null ? user : environment.apply(HistoryLocation.USER_VARIABLE);
        return new HistoryLocation(chosenUrl, chosenUser, password(environment));
    }

    private String password(Function<String, String> environment) {
        if (passwordEnv != null) {
            String value = environment.apply(passwordEnv);
            if (value == null) {
                throw new BadInputException("--history-password-env names '" + passwordEnv + "', which is not set");
            }
            return value;
        }
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new BadInputException("--history-password-file '" + passwordFile + "' cannot be read: " + e.getMessage(), e);
            }
        }
        return environment.apply(HistoryLocation.PASSWORD_VARIABLE);
    }
}
