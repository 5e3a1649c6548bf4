package io.realdb.engine.db;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.process.ProcessRunner;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code mariadbd} process with a fresh data directory (or a snapshot's copy, see
 * {@link Start}), listening on a unix socket only.
 * Under the work folder: {@code mariadb-data/}, {@code mariadb-tmp/}, {@code mariadbd.log} and
 * {@code mariadb-install-db.log}; the socket too, unless the folder's path is too long for one.
 */
final class PrivateMariaDb {

    /** Where the data directory comes from, and whether the administrator is locked. */
    enum Start {
        /** A copy of the template; root gets a random password. */
        FRESH,
        /**
         * A copy of the template for a snapshot: root keeps the template's empty password, since
         * a password set now would stay in the data directory's logs and so in the snapshot. The
         * socket is in a folder of its own that only realdb's user may enter, and nothing else
         * of the run reaches it: migrations run only on a later start.
         */
        SEEDING,
        /** The data directory that is already in the work folder (a snapshot's copy); root gets a random password. */
        SEEDED
    }

    /** {@code sun_path} holds 108 bytes with the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** A clean shutdown writes every changed page of the buffer pool first. */
    private static final Duration CLEAN_STOP_TIMEOUT = Duration.ofMinutes(10);
    private static final String DATA_DIR = "mariadb-data";
    private static final int LOG_TAIL_LINES = 25;
    private static final String ADMIN_USER = "root";

    private final Process process;
    private final Path dataDir;
    private final Path tmpDir;
    private final Path socket;
    private final Path socketDir;
    private final Path log;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Empty until the server is up; then, unless it is {@link Start#SEEDING}, a random password that only realdb knows. */
    private volatile String adminPassword = "";

    private PrivateMariaDb(Process process, Path dataDir, Path tmpDir, Path socket, Path socketDir, Path log) {
        this.process = process;
        this.dataDir = dataDir;
        this.tmpDir = tmpDir;
        this.socket = socket;
        this.socketDir = socketDir;
        this.log = log;
        this.shutdownHook = new Thread(this::kill, "realdb-stop-mariadbd-" + process.pid());
    }

    /**
     * Initialises a data directory and starts the server on it, waiting until it accepts the
     * administrator over the socket.
     *
     * @param serverOptions more {@code mariadbd} options, after realdb's own, so they win
     * @return the running server
     * @throws InfrastructureException when the programs fail or the server does not come up
     */
    static MariaDbServer start(MariaDbBinaries binaries, Path workDir, Duration startTimeout, List<String> serverOptions) {
        return start(binaries, workDir, startTimeout, serverOptions, Start.FRESH);
    }

    /** The data directory a server in {@code workDir} runs on. */
    static Path dataDir(Path workDir) {
        return workDir.toAbsolutePath().normalize().resolve(DATA_DIR);
    }

    /** As {@link #start(MariaDbBinaries, Path, Duration, List)}, with the data directory as {@code how} says. */
    static MariaDbServer start(MariaDbBinaries binaries, Path workDir, Duration startTimeout, List<String> serverOptions,
                               Start how) {
        Path work = workDir.toAbsolutePath().normalize();
        Path dataDir = dataDir(work);
        Path tmpDir = work.resolve("mariadb-tmp");
        Path log = work.resolve("mariadbd.log");
        Path socketDir = null;
        try {
            Files.createDirectories(work);
            if (how != Start.SEEDED) {
                MariaDbBinaries.deleteRecursively(dataDir);
            } else if (!Files.isDirectory(dataDir)) {
                throw new IOException("no data directory " + dataDir + " to start on");
            }
            MariaDbBinaries.deleteRecursively(tmpDir);
            Files.createDirectories(tmpDir.resolve("files"));
            Path socket = work.resolve("mariadbd.sock");
            // A temporary folder is made for its owner alone.
            if (how == Start.SEEDING || socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
                Path shortRoot = Files.isDirectory(Path.of("/tmp")) ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
                socketDir = Files.createTempDirectory(shortRoot, "realdb-");
                socket = socketDir.resolve("mariadbd.sock");
            }
            Files.deleteIfExists(socket);

            if (how != Start.SEEDED) {
                Path installLog = work.resolve("mariadb-install-db.log");
                DataDirTemplate.copyInto(binaries, MariaDbBinaries.defaultCacheRoot(), dataDir,
                        target -> install(binaries, target, installLog, tmpDir));
            }
            Process process = launch(binaries, dataDir, tmpDir, socket, log, serverOptions);
            PrivateMariaDb instance = new PrivateMariaDb(process, dataDir, tmpDir, socket, socketDir, log);
            Runtime.getRuntime().addShutdownHook(instance.shutdownHook);
            try {
                String version = instance.awaitReady(startTimeout, how != Start.SEEDING);
                return MariaDbServer.ofPrivate(instance, version);
            } catch (RuntimeException e) {
                instance.stopQuietly();
                throw e;
            }
        } catch (IOException e) {
            removeAfterFailedStart(dataDir, tmpDir, socketDir);
            throw new InfrastructureException("cannot prepare a private MariaDB server in " + work + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            removeAfterFailedStart(dataDir, tmpDir, socketDir);
            throw e;
        }
    }

    /** The logs stay, to show what went wrong; the rest would only fill the disk. */
    private static void removeAfterFailedStart(Path dataDir, Path tmpDir, Path socketDir) {
        MariaDbBinaries.deleteQuietly(dataDir);
        MariaDbBinaries.deleteQuietly(tmpDir);
        if (socketDir != null) {
            MariaDbBinaries.deleteQuietly(socketDir);
        }
    }

    private static void install(MariaDbBinaries binaries, Path dataDir, Path installLog, Path tmpDir) throws IOException {
        // mariadb-install-db is a shell script that splits an unquoted path at its blanks (a
        // Jenkins workspace often has one): it is given a plain path that links to the folder.
        Path linkDir = null;
        Path givenDir = dataDir;
        if (!dataDir.toString().matches("[A-Za-z0-9/._+-]+")) {
            linkDir = Files.createTempDirectory(Path.of("/tmp"), "realdb-data-");
            Files.createDirectories(dataDir);
            givenDir = Files.createSymbolicLink(linkDir.resolve("data"), dataDir);
        }
        try {
            runInstall(binaries, dataDir, givenDir, installLog, tmpDir);
        } finally {
            if (linkDir != null) {
                MariaDbBinaries.deleteQuietly(linkDir.resolve("data"));
                MariaDbBinaries.deleteQuietly(linkDir);
            }
        }
    }

    private static void runInstall(MariaDbBinaries binaries, Path dataDir, Path givenDir, Path installLog, Path tmpDir)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(binaries.installDb().toString(), "--no-defaults"));
        binaries.baseDir().ifPresent(base -> command.add("--basedir=" + base));
        command.add("--datadir=" + givenDir);
        if (runningAsRoot()) {
            command.add("--user=root");
        }
        // "normal": root logs in with an empty password, which a socket nobody else can reach allows.
        command.addAll(List.of("--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"));
        Process process = processBuilder(command, tmpDir)
                .redirectErrorStream(true)
                .redirectOutput(installLog.toFile())
                .start();
        boolean finished;
        try {
            finished = process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            ProcessRunner.killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while initialising " + dataDir, e);
        }
        if (!finished) {
            ProcessRunner.killTree(process.toHandle());
            throw new InfrastructureException("mariadb-install-db did not finish within " + INSTALL_TIMEOUT.toSeconds()
                    + " s; its output (" + installLog + ") ends with:\n" + tail(installLog));
        }
        if (process.exitValue() != 0) {
            throw new InfrastructureException(binaries.installDb() + " failed with exit code " + process.exitValue()
                    + "; its output (" + installLog + ") ends with:\n" + tail(installLog));
        }
    }

    /**
     * The server is killed by the kernel when realdb's JVM ends, even by SIGKILL, which runs no
     * shutdown hook: {@code setpriv --pdeathsig} (util-linux), where the machine has it.
     */
    private static List<String> dieWithRealdb() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path setpriv = Path.of(dir, "setpriv");
            if (Files.isExecutable(setpriv)) {
                return List.of(setpriv.toString(), "--pdeathsig", "KILL", "--");
            }
        }
        return List.of();
    }

    private static Process launch(MariaDbBinaries binaries, Path dataDir, Path tmpDir, Path socket, Path log,
                                  List<String> serverOptions) throws IOException {
        List<String> command = new ArrayList<>(dieWithRealdb());
        command.addAll(List.of(binaries.server().toString(), "--no-defaults"));
        binaries.baseDir().ifPresent(base -> command.add("--basedir=" + base));
        command.addAll(List.of(
                "--datadir=" + dataDir,
                "--tmpdir=" + tmpDir,
                "--socket=" + socket,
                "--skip-networking",
                "--skip-name-resolve",
                // 11.4 generates a TLS certificate at each start, which takes 5 to 10 s here; a
                // unix socket needs no TLS.
                "--skip-ssl",
                // Seeds hold multi-row INSERTs of many megabytes.
                "--max-allowed-packet=1073741824",
                // SQL may read and write files only in this empty folder, not anywhere the server's
                // user can reach.
                "--secure-file-priv=" + tmpDir.resolve("files")));
        if (runningAsRoot()) {
            command.add("--user=root");
        }
        command.addAll(serverOptions);
        return processBuilder(command, tmpDir)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * A clean environment: realdb's own may hold dataset passwords, which the server has no use
     * for and which {@code /proc/PID/environ} would show.
     */
    private static ProcessBuilder processBuilder(List<String> command, Path tmpDir) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(tmpDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> inherited = System.getenv();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", inherited.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("TMPDIR", tmpDir.toString());
        if (inherited.containsKey("TZ")) {
            env.put("TZ", inherited.get("TZ"));
        }
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder;
    }

    /** Polls the socket until the administrator can log in; returns the server's version. */
    private String awaitReady(Duration timeout, boolean lock) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new InfrastructureException("the private MariaDB server (" + process.info().command().orElse("mariadbd")
                        + ") exited with code " + process.exitValue() + " while starting; its log (" + log + ") ends with:\n" + tail(log));
            }
            if (Files.exists(socket)) {
                try (Connection c = MariaDbServer.open(admin(), null, 1_000, 5_000);
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT VERSION()")) {
                    rs.next();
                    String version = rs.getString(1);
                    if (lock) {
                        lockAdministrator(c);
                    }
                    return version;
                } catch (SQLException e) {
                    last = e;
                }
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while waiting for the private MariaDB server", e);
            }
        }
        throw new InfrastructureException("the private MariaDB server did not accept connections on " + socket + " within "
                + timeout.toSeconds() + " s" + (last == null ? "" : " (last: " + SqlErrors.message(last) + ")")
                + "; its log (" + log + ") ends with:\n" + tail(log));
    }

    /**
     * Gives the administrator a random password. Migration commands reach the socket too; without
     * this, any of them could log in as root and stop the server or read files.
     */
    private void lockAdministrator(Connection connection) throws SQLException {
        byte[] random = new byte[18];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.HexFormat.of().formatHex(random);
        try (java.sql.PreparedStatement alter = connection.prepareStatement(
                "ALTER USER " + ADMIN_USER + "@'localhost' IDENTIFIED BY ?")) {
            alter.setString(1, password);
            alter.execute();
        }
        adminPassword = password;
    }

    ConnectionInfo admin() {
        return ConnectionInfo.socket(socket, ADMIN_USER, adminPassword);
    }

    Process process() {
        return process;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 30 s) and removes
     * its data directory, temporary folder and socket. Runs once; later calls do nothing.
     *
     * @throws InfrastructureException when the data directory could not be removed
     */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or about to; stopping here as well is harmless.
        }
        terminate();
        MariaDbBinaries.deleteQuietly(tmpDir);
        MariaDbBinaries.deleteQuietly(socket);
        if (socketDir != null) {
            MariaDbBinaries.deleteQuietly(socketDir);
        }
        try {
            MariaDbBinaries.deleteRecursively(dataDir);
        } catch (IOException e) {
            throw new InfrastructureException("cannot remove the private server's data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Shuts the server down cleanly (SIGTERM: InnoDB writes every changed page and a checkpoint,
     * so that its files need no recovery) and keeps its data directory; the rest goes.
     *
     * @throws InfrastructureException when it does not stop in time or exits with an error
     */
    void stopKeepingData() {
        if (!stopped.compareAndSet(false, true)) {
            throw new IllegalStateException("the server was stopped already");
        }
        try {
            process.destroy();
            if (!process.waitFor(CLEAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                ProcessRunner.killTree(process.toHandle());
                throw new InfrastructureException("the private MariaDB server did not shut down within "
                        + CLEAN_STOP_TIMEOUT.toMinutes() + " min; its log (" + log + ") ends with:\n" + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new InfrastructureException("the private MariaDB server exited with code " + process.exitValue()
                        + " while shutting down; its log (" + log + ") ends with:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            ProcessRunner.killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while the private MariaDB server shut down", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook removes the data directory, as it should then.
            }
            MariaDbBinaries.deleteQuietly(tmpDir);
            MariaDbBinaries.deleteQuietly(socket);
            if (socketDir != null) {
                MariaDbBinaries.deleteQuietly(socketDir);
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // The start failed already; that failure is the one to report.
        }
    }

    private void terminate() {
        if (!process.isAlive()) {
            return;
        }
        if (isStopped(process.pid())) {
            // A stopped server would keep the polite signal pending until someone resumes it.
            ProcessRunner.killTree(process.toHandle());
            return;
        }
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            ProcessRunner.killTree(process.toHandle());
        } catch (InterruptedException e) {
            ProcessRunner.killTree(process.toHandle());
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the process is stopped (state T in /proc), as SIGSTOP leaves it. */
    private static boolean isStopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'T';
        } catch (IOException e) {
            return false;
        }
    }

    /** For the shutdown hook: no time for a clean stop, but no server left behind either. */
    private void kill() {
        if (process.isAlive()) {
            ProcessRunner.killTree(process.toHandle());
        }
        MariaDbBinaries.deleteQuietly(dataDir);
        if (socketDir != null) {
            MariaDbBinaries.deleteQuietly(socketDir);
        }
    }

    static boolean runningAsRoot() {
        try {
            // /proc/self belongs to the effective user of the process that looks at it.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
