package io.realdb.engine.project;

import io.realdb.engine.BadInputException;
import io.realdb.engine.log.Sanitizer;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where the project comes from, as given: a local folder or a git URL. A URL's password is taken
 * out of it into {@link #credentials()}, which stay in memory: git is told the URL without it,
 * and people are shown the URL without it.
 */
final class ProjectSource {

    private final String shown;
    private final String uri;
    private final CredentialsProvider credentials;
    private final boolean local;
    private final String mirrorName;

    private ProjectSource(String shown, String uri, CredentialsProvider credentials, boolean local, String mirrorName) {
        this.shown = shown;
        this.uri = uri;
        this.credentials = credentials;
        this.local = local;
        this.mirrorName = mirrorName;
    }

    static ProjectSource parse(String given) {
        if (isLocal(given)) {
            Path path = Path.of(given).toAbsolutePath().normalize();
            if (!Files.isDirectory(path)) {
                throw new BadInputException("project folder '" + given + "' does not exist");
            }
            if (!Files.exists(path.resolve(".git")) && !Files.exists(path.resolve("HEAD"))) {
                throw new BadInputException("project folder '" + given + "' is not a git repository (no .git)");
            }
            return new ProjectSource(given, path.toUri().toString(), null, true, realPath(path).toUri().toString());
        }
        URIish parsed;
        try {
            parsed = new URIish(given);
        } catch (URISyntaxException e) {
            throw new BadInputException("project '" + Sanitizer.standard().clean(given)
                    + "' is neither a folder nor a git URL: " + e.getReason(), e);
        }
        String uri = given;
        CredentialsProvider credentials = null;
        if (parsed.getPass() != null) {
            credentials = new UsernamePasswordCredentialsProvider(parsed.getUser(), parsed.getPass());
            uri = parsed.setPass(null).toString();
        }
        return new ProjectSource(uri, uri, credentials, false, nameWithoutCredentials(parsed));
    }

    static boolean isLocal(String source) {
        return !source.contains("://") && !source.matches("^[\\w.-]+@[\\w.-]+:.*");
    }

    /**
     * The URL without user or password, its scheme and host in lower case and without a trailing
     * slash: the same repository reached by another account or spelling shares one mirror.
     */
    private static String nameWithoutCredentials(URIish uri) {
        URIish name = uri.setUser(null).setPass(null);
        if (name.getScheme() != null) {
            name = name.setScheme(name.getScheme().toLowerCase(Locale.ROOT));
        }
        if (name.getHost() != null) {
            name = name.setHost(name.getHost().toLowerCase(Locale.ROOT));
        }
        String path = name.getPath();
        while (path != null && path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return name.setPath(path).toString();
    }

    /** A linked folder and its target are one repository. */
    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** The source as messages show it: the folder as given, or the URL without its password. */
    String shown() {
        return shown;
    }

    /** What git is told: the folder's URI, or the URL without its password. */
    String uri() {
        return uri;
    }

    /** The URL's user and password, or null. */
    CredentialsProvider credentials() {
        return credentials;
    }

    boolean isLocal() {
        return local;
    }

    /** For people: which repository a mirror holds, without credentials. */
    String mirrorName() {
        return mirrorName;
    }

    /** The mirror's folder name: the start of the SHA-256 of {@link #mirrorName()}. */
    String mirrorKey() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(mirrorName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return shown;
    }
}
