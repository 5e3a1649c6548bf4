package io.realdb.engine.db;

import io.realdb.engine.InfrastructureException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's PostgreSQL programs: {@code initdb} and {@code postgres} for a private server,
 * {@code psql} and {@code pg_restore} for seeds. Taken from {@code $REALDB_PG_BINDIR} when set,
 * else from the newest {@code /usr/lib/postgresql/N/bin} (Debian and Ubuntu put the server there,
 * off the PATH), {@code /usr/pgsql-N/bin} (the PGDG packages for Red Hat) or the PATH.
 */
public record PostgresBinaries(Path binDir) {

    public static final String BINDIR_VARIABLE = "REALDB_PG_BINDIR";

    /** @throws InfrastructureException naming where it looked, when no folder has {@code program} */
    public static PostgresBinaries locate(String program) {
        return find(program).orElseThrow(() -> new InfrastructureException("PostgreSQL's " + program + " is not "
                + "installed: install PostgreSQL's server package (Debian and Ubuntu: apt-get install postgresql), or "
                + "point $" + BINDIR_VARIABLE + " at the folder that holds initdb, postgres, psql and pg_restore"));
    }

    public static Optional<PostgresBinaries> find(String program) {
        for (Path dir : candidates()) {
            if (Files.isExecutable(dir.resolve(program))) {
                return Optional.of(new PostgresBinaries(dir));
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates() {
        List<Path> dirs = new ArrayList<>();
        String given = System.getenv(BINDIR_VARIABLE);
        if (given != null && !given.isBlank()) {
            dirs.add(Path.of(given));
            return dirs;
        }
        dirs.addAll(versioned(Path.of("/usr/lib/postgresql"), "", "bin"));
        dirs.addAll(versioned(Path.of("/usr"), "pgsql-", "bin"));
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String entry : path.split(":")) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry));
            }
        }
        return dirs;
    }

    /** {@code root/<prefix>N/sub}, newest major version first. */
    private static List<Path> versioned(Path root, String prefix, String sub) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(prefix) + "\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path p) -> Double.parseDouble(
                            p.getFileName().toString().substring(prefix.length()))).reversed())
                    .map(p -> p.resolve(sub))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Path program(String name) {
        return binDir.resolve(name);
    }

    /** A program of this installation, or of any other found, for the client programs that may live elsewhere. */
    public Path client(String name) {
        if (Files.isExecutable(program(name))) {
            return program(name);
        }
        return locate(name).program(name);
    }
}
