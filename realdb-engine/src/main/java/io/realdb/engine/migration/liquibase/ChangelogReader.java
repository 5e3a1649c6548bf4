package io.realdb.engine.migration.liquibase;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a Liquibase changelog into its changesets, in the order Liquibase runs them, without
 * running Liquibase: XML, YAML, JSON and formatted SQL, following {@code include} and
 * {@code includeAll}. Paths are the ones Liquibase records when its search path is the project's
 * root. Every file is read from inside the project: an include that leaves it is refused, since
 * the changelog comes with the untrusted change.
 * <p>
 * Changesets that Liquibase never runs on the run's database are left out: {@code ignore}, and
 * {@code dbms} lists that do not take its name ({@code mariadb} or {@code postgresql}). Contexts and labels are kept: realdb runs Liquibase with
 * none, and Liquibase then runs every changeset whatever its contexts and labels.
 */
final class ChangelogReader {

    /** MariaDB's short name in Liquibase, which {@code dbms} attributes are matched against. */
    static final String DBMS = "mariadb";
    /** PostgreSQL's. */
    static final String POSTGRESQL = "postgresql";

    /**
     * The change types that Liquibase 4.33 rolls back by itself (those that make their own
     * inverse); any other change needs a rollback written in the changeset.
     */
    static final Set<String> SELF_INVERTING = Set.of(
            "addColumn", "addDefaultValue", "addForeignKeyConstraint", "addLookupTable", "addNotNullConstraint",
            "addPrimaryKey", "addUniqueConstraint", "createIndex", "createSequence", "createTable", "createView",
            "dropNotNullConstraint", "empty", "output", "renameColumn", "renameSequence", "renameTable",
            "renameView", "tagDatabase");

    private static final List<String> EXTENSIONS = List.of(".xml", ".yaml", ".yml", ".json", ".sql");

    private final Path root;
    private final Path realRoot;
    private final List<Changeset> changesets = new ArrayList<>();
    private final Deque<String> reading = new ArrayDeque<>();

    /** The short name of the database the changesets run on. */
    private final String database;

    private ChangelogReader(Path root, String database) {
        this.root = root;
        this.database = database;
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the project folder " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param root      the project's root, Liquibase's search path
     * @param changelog the master changelog, relative to {@code root}
     * @throws BadInputException naming the file when a changelog is missing or cannot be read
     */
    static List<Changeset> read(Path root, String changelog) {
        return read(root, changelog, DBMS);
    }

    /** @param database Liquibase's short name of the database, which {@code dbms} lists are matched against */
    static List<Changeset> read(Path root, String changelog, String database) {
        ChangelogReader reader = new ChangelogReader(root, database);
        reader.include(normalize(changelog), true, null);
        return List.copyOf(reader.changesets);
    }

    /**
     * Reads one changelog file and what it includes.
     *
     * @param path      the file, relative to the root, in Liquibase's spelling
     * @param required  whether a missing file is an error
     * @param includer  the changelog that includes it, for messages; null for the master
     */
    void include(String path, boolean required, String includer) {
        Path file = resolve(path, includer);
        if (!Files.isRegularFile(file)) {
            if (!required) {
                return;
            }
            throw new BadInputException("liquibase changelog '" + path + "' is not in the project"
                    + (includer == null ? " (migration.changelog)" : " (included by '" + includer + "')"));
        }
        if (reading.contains(path)) {
            List<String> chain = new ArrayList<>(reading);
            Collections.reverse(chain);
            throw new BadInputException("liquibase changelog '" + path + "' includes itself (through "
                    + String.join(" -> ", chain) + ")");
        }
        reading.push(path);
        try {
            String text = Files.readString(file);
            String name = path.toLowerCase(Locale.ROOT);
            if (name.endsWith(".xml")) {
                XmlChangelog.read(path, text, this);
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                MapChangelog.readYaml(path, text, this);
            } else if (name.endsWith(".json")) {
                MapChangelog.readJson(path, text, this);
            } else if (name.endsWith(".sql")) {
                SqlChangelog.read(path, text, this);
            } else {
                throw new BadInputException("liquibase changelog '" + path + "' is not XML, YAML, JSON or SQL "
                        + "(by its name)");
            }
        } catch (IOException e) {
            throw new BadInputException("liquibase changelog '" + path + "' cannot be read: " + e.getMessage(), e);
        } finally {
            reading.pop();
        }
    }

    /**
     * Every changelog file under a folder, in the order Liquibase includes them: by path, at any
     * depth from {@code minDepth} to {@code maxDepth}.
     */
    void includeAll(String folder, boolean required, String includer, int minDepth, int maxDepth, String endsWith) {
        Path dir = resolve(folder, includer);
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir, Math.max(0, maxDepth))) {
                walk.filter(Files::isRegularFile)
                        .filter(f -> dir.relativize(f).getNameCount() >= minDepth)
                        .map(f -> normalize(folder + "/" + dir.relativize(f).toString().replace('\\', '/')))
                        .filter(p -> EXTENSIONS.stream().anyMatch(e -> p.toLowerCase(Locale.ROOT).endsWith(e)))
                        .filter(p -> endsWith == null || p.endsWith(endsWith))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new BadInputException("liquibase includeAll folder '" + folder + "' (in '" + includer
                        + "') cannot be listed: " + e.getMessage(), e);
            }
        }
        if (files.isEmpty() && required) {
            throw new BadInputException("liquibase includeAll path '" + folder + "' in '" + includer
                    + "' is not a folder of changelogs in the project");
        }
        for (String file : files) {
            include(file, true, includer);
        }
    }

    /** Adds a changeset unless Liquibase would never run it on MariaDB. */
    void add(Changeset changeset, boolean ignored, String dbms) {
        if (!ignored && dbmsMatches(dbms, database)) {
            changesets.add(changeset);
        }
    }

    /** The path an include names: from the root, or beside the including file when relative. */
    static String target(String file, boolean relativeToChangelog, String includer) {
        if (!relativeToChangelog || includer == null) {
            return normalize(file);
        }
        int slash = includer.lastIndexOf('/');
        return normalize(slash < 0 ? file : includer.substring(0, slash + 1) + file);
    }

    /** A path as Liquibase spells it: forward slashes, no {@code ./}, no leading slash or {@code classpath:}. */
    static String normalize(String path) {
        String text = path.trim().replace('\\', '/');
        if (text.startsWith("classpath:")) {
            text = text.substring("classpath:".length());
        }
        List<String> parts = new ArrayList<>();
        for (String part : text.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /**
     * Liquibase's {@code dbms} rule: empty or {@code all} runs anywhere, {@code none} nowhere,
     * {@code !name} everywhere but there, else only on the databases named.
     */
    static boolean dbmsMatches(String dbms) {
        return dbmsMatches(dbms, DBMS);
    }

    static boolean dbmsMatches(String dbms, String database) {
        if (dbms == null || dbms.isBlank()) {
            return true;
        }
        List<String> names = Stream.of(dbms.toLowerCase(Locale.ROOT).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty() || names.contains("all")) {
            return true;
        }
        if (names.contains("none") || names.contains("!" + database)) {
            return false;
        }
        List<String> wanted = names.stream().filter(n -> !n.startsWith("!")).toList();
        return wanted.isEmpty() || wanted.contains(database);
    }

    /** Whether a changeset without a rollback of its own can be rolled back: all its changes invert themselves. */
    static boolean selfInverting(List<String> changes) {
        return SELF_INVERTING.containsAll(changes);
    }

    private Path resolve(String path, String includer) {
        Path file = root.resolve(path).normalize();
        try {
            Path real = Files.exists(file) ? file.toRealPath() : file;
            if (!file.startsWith(root.normalize()) || !real.startsWith(realRoot)) {
                throw new BadInputException("liquibase changelog '" + path + "'"
                        + (includer == null ? "" : " (included by '" + includer + "')") + " is outside the project");
            }
        } catch (IOException e) {
            throw new BadInputException("liquibase changelog '" + path + "' cannot be read: " + e.getMessage(), e);
        }
        return file;
    }
}
