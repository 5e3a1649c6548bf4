package io.realdb.engine.migration.flyway;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The SQL migrations Flyway finds in a checkout's locations, named as Flyway names them with its
 * default settings: {@code V<version>__<description>.sql} (versioned), {@code U<version>__...sql}
 * (undo, a Flyway Teams feature that realdb runs itself) and {@code R__<description>.sql}
 * (repeatable). Folders are searched as Flyway's filesystem scanner does: recursively, following
 * links, skipping hidden files and folders. A name Flyway would not recognise (a lower-case prefix,
 * a version with letters) is skipped, as Flyway skips it; the suffix is matched in any case, as
 * Flyway matches it. Only names are read, never the scripts.
 */
final class FlywayFiles {

    private static final String SUFFIX = ".sql";
    private static final String SEPARATOR = "__";

    /**
     * One script.
     *
     * @param file the script's path in the checkout, with {@code /} between folders
     */
    record Script(MigrationVersion version, String description, String file) {

        /** The version as Flyway shows it: {@code 1.2} for {@code V1_2__x.sql}. */
        String versionText() {
            return version.getVersion();
        }

        /** As Flyway's log names a migration: {@code 1.2 - add column}. */
        String title() {
            return description.isEmpty() ? versionText() : versionText() + " - " + description;
        }
    }

    private final List<Script> versioned;
    private final Map<MigrationVersion, Script> undo;
    private final List<String> repeatable;

    private FlywayFiles(List<Script> versioned, Map<MigrationVersion, Script> undo, List<String> repeatable) {
        this.versioned = versioned;
        this.undo = undo;
        this.repeatable = repeatable;
    }

    /**
     * @param locations folders of the checkout; a folder the checkout does not have holds no
     *                  migrations, as Flyway sees it, but at least one must be there
     * @throws BadInputException when no location is a folder, or two scripts have the same version
     */
    static FlywayFiles read(Path checkout, List<String> locations) {
        TreeMap<MigrationVersion, Script> versioned = new TreeMap<>();
        Map<MigrationVersion, Script> undo = new LinkedHashMap<>();
        List<String> repeatable = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean anyFolder = false;
        for (String location : locations) {
            Path folder = checkout.resolve(location);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            anyFolder = true;
            for (Path file : list(folder)) {
                String name = file.getFileName().toString();
                String relative = checkout.relativize(file).toString().replace('\\', '/');
                if (!seen.add(relative)) {
                    // Nested or repeated locations: one file, one migration.
                    continue;
                }
                if (isRepeatable(name)) {
                    repeatable.add(relative);
                    continue;
                }
                parse(name, "V", relative).ifPresent(script -> add(versioned, script));
                parse(name, "U", relative).ifPresent(script -> add(undo, script));
            }
        }
        if (!anyFolder) {
            throw new BadInputException("migration.locations " + locations + ": no such folder in the project "
                    + "(Flyway's default is \"db/migration\"; name the project's folders in the dataset config's "
                    + "\"migration\" section)");
        }
        return new FlywayFiles(List.copyOf(versioned.values()), undo, List.copyOf(repeatable));
    }

    /** The versioned migrations in Flyway's order: each version part compared as a number. */
    List<Script> versioned() {
        return versioned;
    }

    /** The undo script of a version, if the checkout has one. */
    Optional<Script> undo(MigrationVersion version) {
        return Optional.ofNullable(undo.get(version));
    }

    /** The repeatable migrations' files. */
    List<String> repeatable() {
        return repeatable;
    }

    /** The versioned migration of this version as Flyway compares versions ({@code 1.02} is {@code 1.2}). */
    Optional<Script> find(String versionText) {
        MigrationVersion version = version(versionText);
        return version == null ? Optional.empty()
                : versioned.stream().filter(s -> s.version().equals(version)).findFirst();
    }

    /**
     * A version as Flyway reads it, or null when Flyway would not take it for one. Parts are split
     * on {@code .} or {@code _}; Flyway's words for special versions ({@code latest}) are not versions.
     */
    static MigrationVersion version(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '_')) {
            return null;
        }
        try {
            return MigrationVersion.fromVersion(text);
        } catch (FlywayException e) {
            return null;
        }
    }

    static boolean isRepeatable(String name) {
        return name.startsWith("R" + SEPARATOR) && hasSuffix(name);
    }

    /** A versioned or undo script's name, split as Flyway splits it; empty when Flyway would skip it. */
    static Optional<Script> parse(String name, String prefix, String file) {
        if (!name.startsWith(prefix) || !hasSuffix(name)) {
            return Optional.empty();
        }
        String rest = name.substring(prefix.length(), name.length() - SUFFIX.length());
        int separator = rest.indexOf(SEPARATOR);
        String versionText = separator < 0 ? rest : rest.substring(0, separator);
        String description = separator < 0 ? "" : rest.substring(separator + SEPARATOR.length()).replace('_', ' ');
        MigrationVersion version = version(versionText);
        return version == null ? Optional.empty() : Optional.of(new Script(version, description, file));
    }

    private static boolean hasSuffix(String name) {
        return name.length() > SUFFIX.length() && name.toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    private static void add(Map<MigrationVersion, Script> scripts, Script script) {
        Script earlier = scripts.putIfAbsent(script.version(), script);
        if (earlier != null) {
            throw new BadInputException("migration.locations: " + earlier.file() + " and " + script.file()
                    + " are both version " + script.versionText() + " to Flyway (version parts are compared as numbers)");
        }
    }

    /** Every regular file under {@code folder}, in name order, as Flyway's filesystem scanner sees them. */
    private static List<Path> list(Path folder) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                            return !dir.equals(folder) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            if (attributes.isRegularFile() && !isHidden(file)) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            // A link back up the tree, or a dangling one: nothing Flyway could read either.
                            if (e instanceof FileSystemLoopException || !Files.exists(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    private static boolean isHidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }
}
