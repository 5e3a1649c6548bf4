package io.realdb.cli;

import io.realdb.engine.review.VerdictRule;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * realdb killed with SIGKILL mid-run, as a CI's abort or an out-of-memory killer does: nothing of
 * the run may outlive it but what {@code realdb cleanup} removes, and that only.
 */
class KilledRunTest {

    private static final PersonIdent AUTHOR = new PersonIdent("test", "test@example.invalid");
    private static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";

    @TempDir
    Path dir;

    /** A project whose change's step sleeps for ten minutes, and its dataset. */
    private Path[] slowRun(String name) throws Exception {
        Path project = dir.resolve("project");
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("master").call()) {
            Files.createDirectories(project.resolve("v"));
            Files.writeString(project.resolve("v/1.sql"), "");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("trunk").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
            git.checkout().setCreateBranch(true).setName("change").call();
            Files.writeString(project.resolve("v/2.sql"), "");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("change").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
        }
        Path dataset = Files.createDirectories(dir.resolve("dataset"));
        Files.writeString(dataset.resolve("config.json"), "{\"database\": \"" + name + "\", \"db_user\": \"u\", "
                + "\"db_pass\": \"p\", \"seed_data\": \"seed.sql\", \"downgrade_to\": \"none\", \"migration\": "
                + "{\"tool\": \"command\", \"up\": \"sleep 600\", \"versions\": {\"path\": \"v\", \"pattern\": "
                + "\"^(\\\\d+)\\\\.sql$\"}, \"current\": {\"query\": \"SELECT 1\"}}}");
        Files.writeString(dataset.resolve("seed.sql"), "CREATE TABLE t (id INT);\n");
        return new Path[] {project, dataset};
    }

    /** Starts realdb as its own process and kills it with SIGKILL once the change's step runs. */
    private void runAndKill(Path project, Path dataset, String... serverOptions) throws Exception {
        runAndStop(true, project, dataset, serverOptions);
    }

    /** The same, with SIGKILL ({@code forcibly}) or SIGTERM. */
    private void runAndStop(boolean forcibly, Path project, Path dataset, String... serverOptions) throws Exception {
        Path log = dir.resolve("out/realdb.log");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--dataset", dataset.toString(), "--project",
                project.toString(), "--change", "change", "--out", dir.resolve("out").toString(), "--no-history", "--quiet"));
        args.addAll(List.of(serverOptions));
        Process run = new ProcessBuilder(javaCommand(args.toArray(String[]::new)))
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains("1 -> 2..."))) {
            assertThat(System.nanoTime()).as(Files.exists(dir.resolve("run.out"))
                    ? Files.readString(dir.resolve("run.out")) : "no output").isLessThan(deadline);
            Thread.sleep(200);
        }
        if (forcibly) {
            run.destroyForcibly().waitFor();
        } else {
            run.destroy();
            assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("realdb stopped on SIGTERM").isTrue();
        }
    }

    @Test
    void shouldEndTheLogWithAClosingLineWhenToldToStop() throws Exception {
        Path[] run = slowRun("realdb_terminated");

        runAndStop(false, run[0], run[1]);

        Path log = dir.resolve("out/realdb.log");
        assertThat(Files.readString(log)).contains("[realdb] Infrastructure error: the run was interrupted");
        CliRun analyze = CliRun.realdb("analyze", log.toString());
        assertThat(analyze.code()).as(analyze.out() + analyze.err()).isEqualTo(VerdictRule.EXIT_INFRASTRUCTURE);
        assertThat(serversUnder(dir.resolve("out").toString())).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (commandsOf(dir.resolve("out").toString()) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(commandsOf(dir.resolve("out").toString())).as("sandboxed commands of the stopped run").isZero();
    }

    @Test
    void shouldLeaveNoPrivateServerRunning() throws Exception {
        Path[] run = slowRun("realdb_private_killed");

        runAndKill(run[0], run[1]);

        String out = dir.resolve("out").toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (serversUnder(out) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(serversUnder(out)).as("mariadbd processes of the killed run").isZero();
        long deadlineCommands = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (commandsOf(out) > 0 && System.nanoTime() < deadlineCommands) {
            Thread.sleep(100);
        }
        assertThat(commandsOf(out)).as("sandboxed commands of the killed run").isZero();
    }

    /** The run's sandboxed commands: bwrap is given the run's checkout, and the command is its child. */
    private static long commandsOf(String folder) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(folder + "/.realdb-work/project")
                        || p.info().commandLine().orElse("").equals("sleep 600"))
                .count();
    }

    private static long serversUnder(String folder) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("--datadir=" + folder))
                .count();
    }

    @Test
    void shouldRemoveWhatAKilledRunLeftOnAnExistingServerAndNothingElse() throws Exception {
        String name = "realdb_killed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path[] run = slowRun(name);
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
            st.execute("CREATE TABLE " + name + ".theirs (id INT)");
        }
        java.util.Set<String> relays = tmpRelays();
        try {
            runAndKill(run[0], run[1], "--db-host", "127.0.0.1");
            assertThat(tmpRelays()).as("the run's relay is in its work folder, not left in /tmp").isSubsetOf(relays);
            assertThat(runDatabases(name)).hasSize(1);

            CliRun cleanup = CliRun.realdb("cleanup", "--db-host", "127.0.0.1");

            assertThat(cleanup.code()).as(cleanup.err()).isZero();
            assertThat(cleanup.out()).contains("Removed database " + name + "_rdb_", "Removed user rdb_");
            assertThat(runDatabases(name)).isEmpty();
            try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                         + name + "' AND TABLE_NAME = 'theirs'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the database realdb did not create is still there").isEqualTo(1);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    private static java.util.Set<String> tmpRelays() throws java.io.IOException {
        try (var all = Files.list(Path.of("/tmp"))) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("realdb-relay-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> runDatabases(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '"
                     + name + "\\_rdb\\_%'")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    @Test
    void shouldRemoveTheRunsDatabaseAndWorkFilesWhenToldToStop() throws Exception {
        String name = "realdb_stopped_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path[] run = slowRun(name);

        runAndStop(false, run[0], run[1], "--db-host", "127.0.0.1");

        assertThat(Files.readString(dir.resolve("out/realdb.log"))).contains("the run was interrupted");
        assertThat(runDatabases(name)).isEmpty();
        assertThat(dir.resolve("out/.realdb-work")).doesNotExist();
    }
}
