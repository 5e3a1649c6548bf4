package io.realdb.engine.db;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.process.ProcessRunner;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One {@code postgres} process of the machine's PostgreSQL, on a copy of an initialised data
 * directory, listening on a unix socket only ({@code listen_addresses} empty). The copy comes
 * from a template that {@code initdb} makes once per server binary in realdb's home
 * ({@code postgres-templates/}), so a start costs a copy and the server's own start.
 * <p>
 * PostgreSQL refuses to run as root: run as root, realdb starts it as the system's
 * {@code postgres} user (or {@code nobody}), in a folder under {@code /tmp} when that user cannot
 * reach the run's work folder. The administrator {@value #ADMIN_USER} logs in without a password
 * only until realdb has given it a random one and made every login need a password.
 */
final class PrivatePostgres {

    static final String ADMIN_USER = "postgres";
    static final int PORT = 5432;
    static final String SOCKET_NAME = ".s.PGSQL." + PORT;

    private static final String FORMAT = "1";
    private static final String COMPLETE = "realdb-template-complete";
    private static final String OWNER_FILE = "realdb-owner.pid";
    private static final String TMP_PREFIX = "realdb-pg-";
    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path base;
    private final boolean baseIsOwn;
    private final Path dataDir;
    private final Path socket;
    private final Path log;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile String adminPassword;

    private PrivatePostgres(Process process, Path base, boolean baseIsOwn, Path dataDir, Path socket, Path log) {
        this.process = process;
        this.base = base;
        this.baseIsOwn = baseIsOwn;
        this.dataDir = dataDir;
        this.socket = socket;
        this.log = log;
        this.shutdownHook = new Thread(this::kill, "realdb-stop-postgres-" + process.pid());
    }

    /**
     * Starts a server for one run.
     *
     * @param serverOptions more {@code postgres} settings as {@code name=value}, after realdb's own
     * @throws InfrastructureException when the programs are missing or fail, or the server does not come up in time
     */
    static PostgresServer start(Path workDir, Path home, Duration startTimeout, List<String> serverOptions) {
        return start(Place.in(workDir), home, startTimeout, serverOptions, null);
    }

    /**
     * Where a private server's files go: the run's work folder when the server's user can reach
     * it, else a folder of its own in {@code /tmp}, which goes when the server does.
     */
    record Place(Path work, Path base, boolean ownBase, ServerUser user) {

        Path dataDir() {
            return base.resolve("pg-data");
        }

        Path socketDir() {
            return base.resolve("pg-socket");
        }

        static Place in(Path workDir) {
            ServerUser user = ServerUser.current();
            Path work = workDir.toAbsolutePath().normalize();
            try {
                Files.createDirectories(work);
                removeAbandoned();
                if (user.canReach(work) && socketFits(work.resolve("pg-socket"))) {
                    return new Place(work, work, false, user);
                }
                Path base = Files.createTempDirectory(Path.of("/tmp"), TMP_PREFIX);
                Files.writeString(base.resolve(OWNER_FILE), ProcessHandle.current().pid() + "\n");
                Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
                return new Place(work, base, true, user);
            } catch (IOException e) {
                throw new InfrastructureException("cannot prepare a private PostgreSQL server in " + work + ": "
                        + e.getMessage(), e);
            }
        }

        /** Removes a folder of its own, for a server that never started. */
        void abandon() {
            if (ownBase) {
                MariaDbBinaries.deleteQuietly(base);
            }
        }
    }

    /**
     * Starts a server in {@code place}: on a copy of the initialised template, or, when
     * {@code seeded} is set, on the data directory already there (a snapshot's copy).
     */
    static PostgresServer start(Place place, Path home, Duration startTimeout, List<String> serverOptions, Boolean seeded) {
        PostgresBinaries binaries = PostgresBinaries.locate("postgres");
        ServerUser user = place.user();
        try {
            Path dataDir = place.dataDir();
            Path socketDir = place.socketDir();
            MariaDbBinaries.deleteRecursively(socketDir);
            Files.createDirectories(socketDir);
            user.own(socketDir);
            if (seeded == null || !seeded) {
                MariaDbBinaries.deleteRecursively(dataDir);
                copy(template(binaries, user, home, place.work().resolve("initdb.log")), dataDir);
            }
            // realdb alone may log in without a password, until it has set one (see lockAdministrator).
            writeHba(dataDir, user, "local all " + ADMIN_USER + " trust\n");
            Path log = place.work().resolve("postgres.log");
            Process process = launch(binaries, user, dataDir, socketDir, log, serverOptions);
            PrivatePostgres instance = new PrivatePostgres(process, place.base(), place.ownBase(), dataDir,
                    socketDir.resolve(SOCKET_NAME), log);
            Runtime.getRuntime().addShutdownHook(instance.shutdownHook);
            try {
                String version = instance.awaitReady(startTimeout);
                instance.lockAdministrator(user);
                return PostgresServer.ofPrivate(instance, version);
            } catch (RuntimeException e) {
                instance.stopQuietly();
                throw e;
            }
        } catch (IOException e) {
            place.abandon();
            throw new InfrastructureException("cannot prepare a private PostgreSQL server in " + place.work() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            place.abandon();
            throw e;
        }
    }

    /** What identifies the programs and the user a template (and a snapshot) was made with. */
    static String programsKey() {
        try {
            return key(PostgresBinaries.locate("postgres"), ServerUser.current());
        } catch (IOException e) {
            throw new InfrastructureException("cannot read PostgreSQL's programs: " + e.getMessage(), e);
        }
    }

    /** {@code sun_path} holds 107 bytes; the socket's name is 14 of them. */
    private static boolean socketFits(Path socketDir) {
        return socketDir.resolve(SOCKET_NAME).toString().getBytes(StandardCharsets.UTF_8).length <= PrivateMariaDb.MAX_SOCKET_PATH_BYTES;
    }

    /** Folders in /tmp of runs that were killed: their owner's process is gone. */
    private static void removeAbandoned() {
        try (Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)).toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).strip());
                    if (ProcessHandle.of(pid).isEmpty()) {
                        MariaDbBinaries.deleteQuietly(dir);
                    }
                } catch (IOException | NumberFormatException e) {
                    // Not finished being made, or not realdb's: left alone.
                }
            }
        } catch (IOException e) {
            // Nothing to tidy.
        }
    }

    /** The initialised template for these programs and this user, made first when missing. */
    private static Path template(PostgresBinaries binaries, ServerUser user, Path home, Path initdbLog) throws IOException {
        Path template = home.resolve("postgres-templates").resolve(key(binaries, user));
        if (Files.isRegularFile(template.resolve(COMPLETE))) {
            return template.resolve("data");
        }
        Files.createDirectories(template.getParent());
        Path stage = template.resolveSibling(".stage-" + UUID.randomUUID());
        // initdb runs as the server's user, which may not reach realdb's home: it works in /tmp.
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), TMP_PREFIX);
        try {
            Files.writeString(scratch.resolve(OWNER_FILE), ProcessHandle.current().pid() + "\n");
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
            user.own(scratch);
            Path initialised = scratch.resolve("data");
            List<String> command = new ArrayList<>(user.prefix());
            command.addAll(List.of(binaries.program("initdb").toString(), "-D", initialised.toString(),
                    "-U", ADMIN_USER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
            run(command, scratch, initdbLog, INITDB_TIMEOUT);
            Files.createDirectories(stage);
            copy(initialised, stage.resolve("data"));
            Files.writeString(stage.resolve(COMPLETE), FORMAT + "\n");
            try {
                Files.move(stage, template, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isRegularFile(template.resolve(COMPLETE))) {
                    MariaDbBinaries.deleteRecursively(template);
                    Files.move(stage, template, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            MariaDbBinaries.deleteQuietly(stage);
            MariaDbBinaries.deleteQuietly(scratch);
        }
        return template.resolve("data");
    }

    static String key(PostgresBinaries binaries, ServerUser user) throws IOException {
        StringBuilder text = new StringBuilder(FORMAT);
        for (String name : List.of("postgres", "initdb")) {
            Path program = binaries.program(name).toRealPath();
            text.append('|').append(program).append('|').append(Files.size(program))
                    .append('|').append(Files.getLastModifiedTime(program).toMillis());
        }
        text.append('|').append(user.name());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code cp -a --reflink=auto}, which keeps the owner when realdb is root. */
    private static void copy(Path from, Path to) throws IOException {
        io.realdb.engine.db.snapshot.SnapshotStore.copy(from, to);
    }

    private static void writeHba(Path dataDir, ServerUser user, String rules) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        Files.writeString(hba, "# Written by realdb: a private server, reached on its unix socket only.\n" + rules);
        user.own(hba);
    }

    private static Process launch(PostgresBinaries binaries, ServerUser user, Path dataDir, Path socketDir, Path log,
                                  List<String> serverOptions) throws IOException {
        List<String> command = new ArrayList<>(user.prefix());
        // The kernel kills the server when realdb's JVM ends, even by SIGKILL.
        command.addAll(List.of(setpriv(), "--pdeathsig", "KILL", "--"));
        command.addAll(List.of(binaries.program("postgres").toString(), "-D", dataDir.toString(),
                "-k", socketDir.toString(), "-p", Integer.toString(PORT),
                "-c", "listen_addresses=",
                "-c", "unix_socket_permissions=0777",
                "-c", "logging_collector=off",
                // Statistics are what the row counters are made of; they must be on whatever the defaults.
                "-c", "track_counts=on"));
        for (String option : serverOptions) {
            command.addAll(List.of("-c", option));
        }
        return builder(command, socketDir.getParent())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static String setpriv() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, "setpriv"))) {
                return dir + "/setpriv";
            }
        }
        throw new InfrastructureException("a private PostgreSQL server needs setpriv (util-linux), which is not installed");
    }

    private static void run(List<String> command, Path dir, Path output, Duration timeout) throws IOException {
        Process process = builder(command, dir).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                ProcessRunner.killTree(process.toHandle());
                throw new InfrastructureException("initdb did not finish within "
                        + timeout.toSeconds() + " s; its output (" + output + ") ends with:\n" + PrivateMariaDb.tail(output));
            }
        } catch (InterruptedException e) {
            ProcessRunner.killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while running " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new InfrastructureException("initdb failed with exit code " + process.exitValue() + "; its output ("
                    + output + ") ends with:\n" + PrivateMariaDb.tail(output));
        }
    }

    /** A clean environment: realdb's may hold passwords, which {@code /proc/PID/environ} would show. */
    private static ProcessBuilder builder(List<String> command, Path dir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String tz = System.getenv("TZ");
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().put("LC_ALL", "C");
        if (tz != null) {
            builder.environment().put("TZ", tz);
        }
        return builder;
    }

    private String awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new InfrastructureException("the private PostgreSQL server exited with code " + process.exitValue()
                        + " while starting; its log (" + log + ") ends with:\n" + PrivateMariaDb.tail(log));
            }
            if (Files.exists(socket)) {
                try (Connection c = PostgresServer.open(admin(), "postgres", 1_000);
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SHOW server_version")) {
                    rs.next();
                    return rs.getString(1);
                } catch (SQLException e) {
                    last = e;
                }
            }
            sleep(25);
        }
        throw new InfrastructureException("the private PostgreSQL server did not accept connections on " + socket
                + " within " + timeout.toSeconds() + " s" + (last == null ? "" : " (last: " + SqlErrors.message(last) + ")")
                + "; its log (" + log + ") ends with:\n" + PrivateMariaDb.tail(log));
    }

    /**
     * Gives the administrator a random password and makes every login need one. Migration
     * commands reach the socket too; without this, any of them could log in as the superuser.
     * Returns once a login without the password is refused.
     */
    private void lockAdministrator(ServerUser user) {
        byte[] random = new byte[18];
        new java.security.SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try (Connection c = PostgresServer.open(admin(), "postgres", 5_000)) {
            try (PreparedStatement alter = c.prepareStatement("SELECT set_config('password_encryption', 'scram-sha-256', false)")) {
                alter.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER ROLE " + ADMIN_USER + " PASSWORD '" + password + "'");
            }
            writeHba(dataDir, user, "local all all scram-sha-256\n");
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException | IOException e) {
            throw new InfrastructureException("cannot set the private PostgreSQL server's administrator password: "
                    + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection ignored = PostgresServer.open(ConnectionInfo.socket(socket, ADMIN_USER, null), "postgres", 1_000)) {
                if (System.nanoTime() > deadline) {
                    throw new InfrastructureException("the private PostgreSQL server still lets the administrator in "
                            + "without a password after reloading its configuration");
                }
            } catch (SQLException e) {
                break;
            }
            sleep(20);
        }
        adminPassword = password;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for the private PostgreSQL server", e);
        }
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

    /** Stops the server (a fast shutdown, then SIGKILL after 30 s) and removes its data and socket. */
    void stop() {
        stop(true);
    }

    /**
     * Stops the server cleanly (a fast shutdown writes a checkpoint) and keeps its data
     * directory, for a snapshot; its socket goes.
     *
     * @throws InfrastructureException when it does not stop cleanly in time
     */
    void stopKeepingData() {
        stop(false);
        if (process.exitValue() != 0) {
            throw new InfrastructureException("the private PostgreSQL server did not shut down cleanly (exit code "
                    + process.exitValue() + "); its log (" + log + ") ends with:\n" + PrivateMariaDb.tail(log));
        }
    }

    private void stop(boolean removeData) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is stopping: the hook runs anyway.
        }
        if (process.isAlive()) {
            // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
            signal("INT");
            try {
                process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                ProcessRunner.killTree(process.toHandle());
            } catch (InterruptedException e) {
                ProcessRunner.killTree(process.toHandle());
                Thread.currentThread().interrupt();
            }
        }
        if (removeData) {
            removeFiles();
        } else {
            MariaDbBinaries.deleteQuietly(socket.getParent());
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessRunner.killTree(process.toHandle());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeFiles() {
        MariaDbBinaries.deleteQuietly(dataDir);
        MariaDbBinaries.deleteQuietly(socket.getParent());
        if (baseIsOwn) {
            MariaDbBinaries.deleteQuietly(base);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            // The start failed already; that failure is the one to report.
        }
    }

    private void kill() {
        if (process.isAlive()) {
            ProcessRunner.killTree(process.toHandle());
        }
        removeFiles();
    }

    /**
     * The operating-system user the server runs as: realdb's own, or, for realdb run as root,
     * {@code postgres} where the system has it, else {@code nobody}.
     */
    record ServerUser(String name, boolean switched) {

        static ServerUser current() {
            if (!PrivateMariaDb.runningAsRoot()) {
                return new ServerUser(System.getProperty("user.name"), false);
            }
            return new ServerUser(exists("postgres") ? "postgres" : "nobody", true);
        }

        private static boolean exists(String user) {
            try {
                Process id = new ProcessBuilder("id", "-u", user).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return id.waitFor(5, TimeUnit.SECONDS) && id.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** The command prefix that runs a program as this user. */
        List<String> prefix() {
            return switched ? List.of(setpriv(), "--reuid=" + name, "--regid=" + name, "--clear-groups", "--")
                    : List.of();
        }

        /** Gives {@code path} to this user, when realdb is someone else (root). */
        void own(Path path) throws IOException {
            if (!switched) {
                return;
            }
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(path, users.lookupPrincipalByName(name));
            Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName(name));
        }

        /** Whether this user can pass through every folder above and including {@code dir}. */
        boolean canReach(Path dir) {
            if (!switched) {
                return true;
            }
            for (Path p = dir; p != null; p = p.getParent()) {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        }
    }
}
