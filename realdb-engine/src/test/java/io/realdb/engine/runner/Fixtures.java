package io.realdb.engine.runner;

import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.dataset.DatasetLoader;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real git projects and dataset folders, made in a test's temporary folder; tools' tests use them too. */
public final class Fixtures {

    static final PersonIdent AUTHOR = new PersonIdent("test", "test@example.invalid");

    private Fixtures() {
    }

    /** A project's files per commit: the trunk's on master, then the change's on a branch. */
    public static final class Project {
        private final Map<String, String> trunk = new LinkedHashMap<>();
        private final Map<String, String> change = new LinkedHashMap<>();

        public Project trunk(String file, String text) {
            trunk.put(file, text);
            return this;
        }

        public Project change(String file, String text) {
            change.put(file, text);
            return this;
        }

        /** Creates the repository: {@code master} with the trunk's files, {@code change} on top. */
        public Path create(Path dir) throws Exception {
            try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("master").call()) {
                write(dir, trunk);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("trunk").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
                git.checkout().setCreateBranch(true).setName("change").call();
                write(dir, change);
                git.add().addFilepattern(".").call();
                git.commit().setMessage("change").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false)
                        .setAllowEmpty(true).call();
                git.checkout().setName("master").call();
            }
            return dir;
        }

        private static void write(Path dir, Map<String, String> files) throws IOException {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
                if (file.getKey().endsWith(".sh")) {
                    path.toFile().setExecutable(true);
                }
            }
        }
    }

    /** A dataset folder with a config (extra JSON members appended) and a seed. */
    public static Dataset dataset(Path dir, String database, String extraConfig, String seed) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\n"
                + "  \"database\": \"" + database + "\",\n"
                + "  \"db_user\": \"migrator\",\n"
                + "  \"db_pass\": \"pw-Zq81xT\",\n"
                + "  \"seed_data\": \"seed.sql\"" + (extraConfig.isBlank() ? "" : ",\n  " + extraConfig) + "\n}\n");
        Files.writeString(dir.resolve("seed.sql"), seed);
        return new DatasetLoader().load(dir);
    }

    /** A seed at version {@code version} of the sql-dir tool, with {@code rows} rows in table t. */
    static String seedWithRows(int version, int rows) {
        StringBuilder seed = new StringBuilder()
                .append("CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL);\n")
                .append("INSERT INTO schema_migrations VALUES (").append(version).append(", 0);\n")
                .append("CREATE TABLE t (id INT PRIMARY KEY, x INT NOT NULL) ENGINE=InnoDB;\n");
        for (int i = 1; i <= rows; i++) {
            seed.append(i == 1 ? "INSERT INTO t VALUES " : ",").append('(').append(i).append(",0)");
        }
        return seed.append(rows > 0 ? ";\n" : "").toString();
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    /** The whole job for the change on branch {@code change}, on a private server, sandboxed, with default budgets. */
    public static RunOutcome run(Dataset dataset, Path project, Path out) {
        RunRequest request = RunRequest.of(dataset, project.toString(), "master", "change", out,
                ServerSpec.embedded("mariadb"), ToolEnvironment.scrubbed(List.of(), System::getenv))
                .with(io.realdb.engine.sandbox.Isolation.AUTO, TimeBudget.DEFAULT);
        return new UpgradeJob(line -> { }).run(request);
    }

    /** The keys of a result's steps in one phase, in the order run. */
    public static List<String> keys(io.realdb.engine.model.RunResult result, io.realdb.engine.model.Phase phase) {
        return result.steps().stream().filter(s -> s.phase() == phase).map(io.realdb.engine.model.Step::key).toList();
    }
}
