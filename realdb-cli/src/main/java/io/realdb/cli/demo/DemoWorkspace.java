package io.realdb.cli.demo;

import io.realdb.engine.InfrastructureException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays out the demo's inputs from files shipped in realdb: a git project with a trunk and a
 * change that adds migrations, and a dataset folder with its config and a generated seed.
 */
public final class DemoWorkspace {

    public static final String TRUNK = "master";
    public static final String CHANGE = "change";
    public static final int INSTANCES = 250_000;

    private static final String ROOT = "/io/realdb/cli/demo/";
    private static final PersonIdent AUTHOR = new PersonIdent("realdb demo", "demo@realdb.invalid");

    /** Where the files that differ on PostgreSQL live, beside the MariaDB ones they replace. */
    private static final String POSTGRESQL = "postgresql/";

    private final Path project;
    private final Path dataset;

    private DemoWorkspace(Path project, Path dataset) {
        this.project = project;
        this.dataset = dataset;
    }

    public Path project() {
        return project;
    }

    public Path dataset() {
        return dataset;
    }

    /** Creates the project and the dataset under {@code dir}, replacing an earlier demo's. */
    public static DemoWorkspace create(Path dir) {
        return create(dir, INSTANCES);
    }

    /** The same with {@code instances} rows in the seed, for quicker checks. */
    public static DemoWorkspace create(Path dir, int instances) {
        return create(dir, instances, "mariadb");
    }

    /**
     * The same for the database engine {@code engineId}: on {@code postgresql} the migrations
     * that need its dialect are its own, the seed is written in it, and the config names it.
     */
    public static DemoWorkspace create(Path dir, int instances, String engineId) {
        boolean postgres = io.realdb.engine.db.PostgresEngine.ID.equals(engineId);
        try {
            Path project = dir.resolve("project");
            Path dataset = dir.resolve("dataset");
            deleteTree(dir);
            Files.createDirectories(dataset);
            List<String> files = resourceText("files.txt").lines().filter(l -> !l.isBlank()).toList();
            createProject(project, files, postgres);
            String config = resourceText("config.json", false);
            Files.writeString(dataset.resolve("config.json"), postgres
                    ? config.replace("\"type\": \"mysql\"", "\"engine\": \"postgresql\"") : config);
            String schema = resourceText("trunk/migrations/0001_create_instances.up.sql", postgres)
                    + resourceText("trunk/migrations/0002_create_hosts.up.sql", postgres);
            DemoSeed.write(dataset.resolve("demo_instances.sql.gz"), schema, instances, 200);
            return new DemoWorkspace(project, dataset);
        } catch (IOException e) {
            throw new InfrastructureException("cannot lay out the demo in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createProject(Path project, List<String> files, boolean postgres) throws IOException {
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch(TRUNK).call()) {
            Files.writeString(project.resolve("README.md"),
                    "# realdb demo project\n\nNumbered SQL migrations in migrations/, run by realdb's sql-dir tool.\n");
            copy(project, files, "trunk/", postgres);
            git.add().addFilepattern(".").call();
            git.commit().setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false)
                    .setMessage("Instances and hosts, with a deleted_at column").call();
            git.checkout().setCreateBranch(true).setName(CHANGE).call();
            copy(project, files, "change/", postgres);
            git.add().addFilepattern(".").call();
            git.commit().setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false)
                    .setMessage("Store host names in lower case and index them; widen memory_mb; add a flavor column")
                    .call();
            git.checkout().setName(TRUNK).call();
        } catch (GitAPIException e) {
            throw new IOException("git: " + e.getMessage(), e);
        }
    }

    private static void copy(Path project, List<String> files, String prefix, boolean postgres) throws IOException {
        for (String file : files) {
            if (file.startsWith(prefix)) {
                Path target = project.resolve(file.substring(prefix.length()));
                Files.createDirectories(target.getParent());
                Files.writeString(target, resourceText(file, postgres));
            }
        }
    }

    /** PostgreSQL's own version of a file where it has one. */
    private static String resourceText(String name, boolean postgres) throws IOException {
        if (postgres && DemoWorkspace.class.getResource(ROOT + POSTGRESQL + name) != null) {
            return resourceText(POSTGRESQL + name);
        }
        return resourceText(name);
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = DemoWorkspace.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IOException("the demo file " + name + " is missing from realdb's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
