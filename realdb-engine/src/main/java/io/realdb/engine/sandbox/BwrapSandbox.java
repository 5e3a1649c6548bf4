package io.realdb.engine.sandbox;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.ConnectionInfo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Each command in a bubblewrap ({@code bwrap}) sandbox: new user, PID, network, IPC and UTS
 * namespaces, so no network at all; an unprivileged user (uid 65534, without capabilities, no
 * new privileges); a read-only view of the system ({@link HostView}); a private {@code /tmp};
 * and its own writable copy of the checkout at {@value #CHECKOUT}, made afresh for every
 * command, so that realdb's checkout is never written by the change's code. The database is a
 * unix socket in {@value #SOCKET_DIR} ({@value #DEFAULT_SOCKET_NAME}, or the name the engine's
 * clients expect): the server's own, or a relay to a server reached over TCP.
 * Every process runs under {@link ResourceLimits}.
 * <p>
 * Run as root, bwrap sets up without a user namespace and the command drops to the host's uid
 * 65534 and enters a user namespace of its own; run as any other user, bwrap's user namespace
 * maps uid 65534 to that user. Either way the kernel counts the sandbox's processes in that
 * namespace, apart from the host's.
 */
final class BwrapSandbox implements Sandbox {

    static final String CHECKOUT = "/work/checkout";
    static final String SOCKET_DIR = "/run/realdb";
    static final String DEFAULT_SOCKET_NAME = "mysqld.sock";
    static final String SOCKET = SOCKET_DIR + "/" + DEFAULT_SOCKET_NAME;
    /** The checkout as realdb has it, read-only, with its {@code .git} hidden: what each command's copy is made from. */
    private static final String SOURCE = "/run/realdb/source";
    private static final String NOBODY = "65534";
    /** tmpfs counts whole pages. */
    private static final long PAGE = 4096;

    private final Path checkout;
    private final Path socket;
    /** Where the commands see the socket. */
    private final String insideSocket;
    private final ConnectionInfo database;
    private final ResourceLimits limits;
    private final boolean root;
    private final List<String> hostSystem;
    private final List<String> hostJava;
    private final Programs programs;
    private final Relay relay;
    private final Path relayFolder;

    /** Where the programs the sandbox runs itself live on this machine, all in the system's read-only folders. */
    private record Programs(String bwrap, String sh, String cp, String rmdir, String chown, String prlimit,
                            String setpriv, String unshare) {

        static Programs locate() {
            return new Programs(SystemCommands.locate("bwrap"), SystemCommands.locate("sh"), SystemCommands.locate("cp"),
                    SystemCommands.locate("rmdir"), SystemCommands.locate("chown"), SystemCommands.locate("prlimit"),
                    SystemCommands.locate("setpriv"), SystemCommands.locate("unshare"));
        }

        boolean complete() {
            return Stream.of(sh, cp, rmdir, chown, prlimit, setpriv, unshare).allMatch(Objects::nonNull);
        }
    }

    private BwrapSandbox(ConnectionInfo database, Path checkout, ResourceLimits limits, Programs programs,
                         Relay relay, Path relayFolder, String socketName) {
        this.database = database;
        this.checkout = checkout.toAbsolutePath().normalize();
        this.limits = limits;
        this.programs = programs;
        this.relay = relay;
        this.relayFolder = relayFolder;
        this.socket = relay != null ? relayFolder.resolve(socketName) : database.socket().toAbsolutePath();
        this.insideSocket = SOCKET_DIR + "/" + socketName;
        this.root = SystemCommands.isRoot();
        this.hostSystem = HostView.system();
        this.hostJava = HostView.java();
    }

    /**
     * Sets the sandbox up and runs {@code true} in it, so that a sandbox that cannot work here
     * stops the run before any step, rather than failing the change's first step.
     *
     * @throws InfrastructureException when bwrap is missing or cannot make its sandbox here
     */
    static BwrapSandbox open(ConnectionInfo database, Path checkout, ResourceLimits limits, String socketName) {
        if (!socketName.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new IllegalArgumentException("not a socket name: " + socketName);
        }
        Programs programs = Programs.locate();
        if (programs.bwrap() == null) {
            throw new InfrastructureException("isolation 'bwrap' needs bubblewrap, which is not installed: install it "
                    + "(Debian and Ubuntu: apt-get install bubblewrap), or choose a weaker isolation by name with "
                    + "--isolation unshare, netns or none");
        }
        if (!programs.complete()) {
            throw new InfrastructureException("isolation 'bwrap' needs sh, cp, rmdir and chown (coreutils), and prlimit, "
                    + "setpriv and unshare (util-linux), in the system's folders; one of them is missing: " + programs);
        }
        Relay relay = null;
        Path relayFolder = null;
        BwrapSandbox sandbox;
        try {
            if (database.socket() == null) {
                relayFolder = Files.createTempDirectory(relayParent(checkout), "realdb-relay-");
                relay = Relay.unix(relayFolder.resolve(socketName),
                        new InetSocketAddress(database.host(), database.port()));
            }
            sandbox = new BwrapSandbox(database, checkout, limits, programs, relay, relayFolder, socketName);
        } catch (IOException | RuntimeException e) {
            if (relay != null) {
                relay.close();
            }
            removeQuietly(relayFolder);
            throw e instanceof InfrastructureException ie ? ie
                    : new InfrastructureException("cannot set up the bwrap sandbox: " + e.getMessage(), e);
        }
        try {
            SystemCommands.run(sandbox.wrap(List.of("true")).toArray(String[]::new));
        } catch (InfrastructureException e) {
            sandbox.close();
            throw new InfrastructureException("bubblewrap cannot make realdb's sandbox on this machine ("
                    + e.getMessage() + "); choose a weaker isolation by name with --isolation unshare, netns or none", e);
        }
        return sandbox;
    }

    /**
     * Where the relay's socket goes: beside the checkout, in the run's work folder, which the next
     * run removes even if this one was killed; in /tmp only when that path is too long for a unix
     * socket (about 100 bytes).
     */
    private static Path relayParent(Path checkout) {
        Path work = checkout.toAbsolutePath().getParent();
        String longest = work + "/realdb-relay-" + "9".repeat(20) + "/.s.PGSQL.65535";
        return work != null && longest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 100 ? work : Path.of("/tmp");
    }

    @Override
    public String describe() {
        String db = relay == null ? "the server's socket" : "a relay to " + database.host() + ":" + database.port();
        return "bwrap: each migration command as uid " + NOBODY + " in namespaces of its own (user, PID, network, IPC), "
                + "with no network, a read-only system, a private /tmp and a fresh copy of the checkout at " + CHECKOUT
                + "; the database is " + insideSocket + " (" + db + "); " + limits.describe();
    }

    @Override
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(programs.bwrap()));
        if (root) {
            // Privileged bwrap needs no user namespace to set up; the command enters one after it drops to nobody.
            wrapped.addAll(List.of("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                    "--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_CHOWN"));
        } else {
            wrapped.addAll(List.of("--unshare-all", "--unshare-user", "--disable-userns", "--uid", NOBODY, "--gid", NOBODY));
        }
        wrapped.addAll(List.of("--die-with-parent", "--new-session"));
        wrapped.addAll(hostSystem);
        String size = Long.toString(limits.fileBytes());
        wrapped.addAll(List.of(
                "--proc", "/proc",
                "--dev", "/dev",
                "--perms", "1777", "--size", size, "--tmpfs", "/dev/shm",
                "--remount-ro", "/dev",
                "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
                "--tmpfs", "/run",
                "--perms", "0755", "--dir", "/run/realdb",
                "--ro-bind", socket.toString(), insideSocket));
        wrapped.addAll(hostJava);
        wrapped.addAll(List.of("--ro-bind", checkout.toString(), SOURCE));
        if (Files.isDirectory(checkout.resolve(".git"))) {
            wrapped.addAll(List.of("--size", Long.toString(PAGE), "--tmpfs", SOURCE + "/.git",
                    "--remount-ro", SOURCE + "/.git"));
        }
        wrapped.addAll(List.of(
                "--remount-ro", "/run",
                "--perms", "0755", "--dir", "/work",
                "--perms", "1777", "--size", Long.toString(checkoutBytes() + limits.fileBytes()), "--tmpfs", CHECKOUT,
                "--chdir", CHECKOUT,
                "--setenv", "HOME", "/tmp",
                "--remount-ro", "/",
                "--", programs.sh(), "-c", prelude(), "realdb-sandbox", SOURCE));
        wrapped.addAll(limits.prlimit(programs.prlimit()));
        wrapped.addAll(command);
        return guarded(wrapped);
    }

    /**
     * bwrap's own {@code --die-with-parent} does not outlive its privilege changes: a realdb killed
     * with SIGKILL left bwrap and its command running. A shell that the kernel tells when realdb
     * dies ({@code setpriv --pdeathsig}) runs bwrap and kills it then; otherwise it ends as bwrap does.
     */
    private List<String> guarded(List<String> wrapped) {
        List<String> guard = new ArrayList<>(List.of(programs.setpriv(), "--pdeathsig", "TERM", "--", programs.sh(), "-c",
                // The trap is set before bwrap starts and names it by $!, so no moment leaves it behind; a
                // guard whose realdb is already gone (its parent is init) starts nothing.
                "trap 'kill -KILL $! 2>/dev/null; exit 143' TERM; [ \"$PPID\" != 1 ] || exit 143; \"$@\" & wait $!",
                "realdb-guard"));
        guard.addAll(wrapped);
        return guard;
    }

    /**
     * The shell that copies the checkout and then becomes the command. As root it gives the copy
     * to nobody and drops to it, entering a user namespace of its own.
     */
    private String prelude() {
        String copy = programs.cp() + " -a \"$1\"/. . && { [ ! -d .git ] || " + programs.rmdir() + " .git; } "
                + "&& shift && ";
        if (!root) {
            return copy + "exec \"$@\"";
        }
        return copy + programs.chown() + " -hR " + NOBODY + ":" + NOBODY + " . && exec " + programs.setpriv()
                + " --reuid=" + NOBODY + " --regid=" + NOBODY + " --clear-groups --inh-caps=-all --bounding-set=-all -- "
                + programs.unshare() + " --user --map-user=" + NOBODY + " --map-group=" + NOBODY + " -- \"$@\"";
    }

    /**
     * What the copy of the checkout takes in a tmpfs, without {@code .git}: whole pages per file,
     * and a page for every other entry, which is more than a folder or a link takes.
     */
    private long checkoutBytes() {
        Path git = checkout.resolve(".git");
        long[] bytes = {PAGE};
        try {
            Files.walkFileTree(checkout, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(git)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    bytes[0] += PAGE;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    bytes[0] += attributes.isRegularFile() ? (attributes.size() + PAGE - 1) / PAGE * PAGE : PAGE;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the checkout " + checkout + ": " + e.getMessage(), e);
        }
        return bytes[0];
    }

    @Override
    public ConnectionInfo inside(ConnectionInfo connection) {
        return ConnectionInfo.socket(Path.of(insideSocket), connection.user(), connection.password());
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        removeQuietly(relayFolder);
    }

    private static void removeQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A relay's empty folder in /tmp: nothing a later run trips over.
        }
    }
}
