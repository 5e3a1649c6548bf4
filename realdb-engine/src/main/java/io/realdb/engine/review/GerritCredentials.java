package io.realdb.engine.review;

import io.realdb.engine.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Function;

/**
 * A Gerrit user and its HTTP password (Gerrit's "HTTP credentials", not a login password). The
 * password comes from an environment variable or a file, never from the command line, and is
 * never printed: {@link #toString()} and {@link #describe()} leave it out.
 */
public final class GerritCredentials {

    private final String user;
    private final String password;
    private final String origin;

    private GerritCredentials(String user, String password, String origin) {
        if (user == null || user.isBlank()) {
            throw new BadInputException("no Gerrit user given");
        }
        this.user = user;
        this.password = password;
        this.origin = origin;
    }

    public static GerritCredentials fromEnvironment(String user, String variable, Function<String, String> environment) {
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new BadInputException("the environment variable " + variable + " that should hold the Gerrit HTTP password "
                    + "is not set");
        }
        return new GerritCredentials(user, value, "environment variable " + variable);
    }

    public static GerritCredentials fromFile(String user, Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new BadInputException("the Gerrit password file '" + file + "' is empty");
            }
            return new GerritCredentials(user, value, "file " + file);
        } catch (IOException e) {
            throw new BadInputException("the Gerrit password file '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    public String user() {
        return user;
    }

    String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Who posts and where the password comes from, for people: the password itself stays out. */
    public String describe() {
        return "user " + user + ", HTTP password from " + origin;
    }

    @Override
    public String toString() {
        return "GerritCredentials[" + describe() + "]";
    }
}
