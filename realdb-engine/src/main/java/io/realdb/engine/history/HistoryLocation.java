package io.realdb.engine.history;

import io.realdb.engine.BadInputException;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where the history is: a JDBC URL and, for a server, the user and password. The password comes
 * from an environment variable or a file, never from the URL or the command line.
 *
 * @param user     null for the driver's default (H2 needs none)
 * @param password null for none; never shown, see {@link #toString()}
 */
public record HistoryLocation(String url, String user, String password) {

    /** realdb's home folder, when set: the embedded history lives in it. */
    public static final String HOME_VARIABLE = "REALDB_HOME";
    /** The JDBC URL of a shared history, when no option gives one. */
    public static final String URL_VARIABLE = "REALDB_HISTORY_URL";
    public static final String USER_VARIABLE = "REALDB_HISTORY_USER";
    public static final String PASSWORD_VARIABLE = "REALDB_HISTORY_PASSWORD";

    public HistoryLocation {
        if (url == null || url.isBlank()) {
            throw new BadInputException("the history URL is empty");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.contains("password=") || lower.contains("pwd=")) {
            throw new BadInputException("history URL '" + withoutParameters(url) + "' holds a password: give it through "
                    + PASSWORD_VARIABLE + ", --history-password-env or --history-password-file instead");
        }
    }

    /**
     * The embedded default: an H2 file in {@code home}/history. H2 would spend a few hundred
     * milliseconds compacting the file each time it is closed, longer than the report takes to
     * write; the store compacts it now and then instead (see {@link JdbcHistoryStore}).
     */
    public static HistoryLocation embedded(Path home) {
        Path file = home.toAbsolutePath().normalize().resolve("history").resolve("realdb");
        return new HistoryLocation("jdbc:h2:file:" + file + ";MAX_COMPACT_TIME=0", null, null);
    }

    /** {@code $REALDB_HOME}, or {@code ~/.realdb}. */
    public static Path home(Function<String, String> environment) {
        String home = environment.apply(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".realdb");
    }

    /**
     * The history the environment names ({@code REALDB_HISTORY_URL}, {@code _USER},
     * {@code _PASSWORD}), else the embedded default in realdb's home.
     */
    public static HistoryLocation fromEnvironment(Function<String, String> environment) {
        String url = environment.apply(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return embedded(home(environment));
        }
        return new HistoryLocation(url, environment.apply(USER_VARIABLE), environment.apply(PASSWORD_VARIABLE));
    }

    public boolean isEmbedded() {
        return url.startsWith("jdbc:h2:");
    }

    /** For people: the URL without its parameters, and the user. */
    public String describe() {
        return withoutParameters(url) + (user == null ? "" : " as " + user);
    }

    @Override
    public String toString() {
        return "HistoryLocation[" + describe() + "]";
    }

    static String withoutParameters(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }
}
