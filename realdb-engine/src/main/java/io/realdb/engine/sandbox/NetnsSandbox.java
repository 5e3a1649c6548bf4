package io.realdb.engine.sandbox;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.ConnectionInfo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A network namespace made as root with {@code ip netns}, for a database reached over TCP. The
 * namespace gets one veth link to a link-local /30 and no route beyond it; on the host's end a
 * relay passes connections to the database, and firewall rules drop everything arriving from the
 * link except connections to the relay. Commands also get their own PID namespace, so that a
 * kill is complete.
 */
final class NetnsSandbox implements Sandbox {

    private static final String WITHOUT_WALLS = "; the command runs as root and sees this machine's files and unix "
            + "sockets, without resource limits";

    private final String namespace;
    private final String hostLink;
    private final String hostAddress;
    private final ConnectionInfo database;
    private final Relay relay;
    private final List<String[]> rules = new ArrayList<>();
    private boolean linkCreated;
    private boolean namespaceCreated;
    /** Removes the namespace, link and rules if the JVM is told to stop before the run closes them. */
    private final Thread shutdownHook = new Thread(this::tearDownQuietly, "realdb-remove-netns");

    private NetnsSandbox(String id, int subnet, ConnectionInfo database) {
        this.namespace = "realdb-" + id;
        this.hostLink = "rdb" + id + "h";
        this.hostAddress = "169.254." + (subnet >> 8) + "." + ((subnet & 0xff) + 1);
        this.database = database;
        Relay started = null;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            SystemCommands.run("ip", "netns", "add", namespace);
            namespaceCreated = true;
            if (database.socket() == null) {
                String nsLink = "rdb" + id + "n";
                String nsAddress = "169.254." + (subnet >> 8) + "." + ((subnet & 0xff) + 2);
                SystemCommands.run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
                linkCreated = true;
                SystemCommands.run("ip", "link", "set", nsLink, "netns", namespace);
                if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/sys/net/ipv6"))) {
                    // IPv4 only: an IPv6 link-local address on either end would be a way around the rules.
                    SystemCommands.run("sysctl", "-q", "-w", "net.ipv6.conf." + hostLink + ".disable_ipv6=1");
                    SystemCommands.run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w",
                            "net.ipv6.conf." + nsLink + ".disable_ipv6=1");
                }
                SystemCommands.run("ip", "addr", "add", hostAddress + "/30", "dev", hostLink);
                SystemCommands.run("ip", "link", "set", hostLink, "up");
                SystemCommands.run("ip", "netns", "exec", namespace, "ip", "addr", "add", nsAddress + "/30", "dev", nsLink);
                SystemCommands.run("ip", "netns", "exec", namespace, "ip", "link", "set", nsLink, "up");
                started = Relay.tcp(InetAddress.getByName(hostAddress),
                        new InetSocketAddress(database.host(), database.port()));
                // Inserted in reverse: the accept rule ends up above the drops.
                rule("INPUT", "-i", hostLink, "-j", "DROP");
                rule("FORWARD", "-i", hostLink, "-j", "DROP");
                rule("INPUT", "-i", hostLink, "-p", "tcp", "-d", hostAddress, "--dport",
                        Integer.toString(started.port()), "-j", "ACCEPT");
            }
            this.relay = started;
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            }
            removeShutdownHook();
            tearDown();
            throw e instanceof InfrastructureException ie ? ie
                    : new InfrastructureException("cannot set up the network namespace " + namespace + ": " + e.getMessage(), e);
        }
    }

    static NetnsSandbox create(ConnectionInfo database) {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[3];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        // A random link-local /30: 169.254.A.B with B a multiple of 4, A not 0 or 255.
        int subnet = ((1 + random.nextInt(254)) << 8) | (random.nextInt(64) * 4);
        return new NetnsSandbox(id, subnet, database);
    }

    private void rule(String chain, String... match) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", "-I", chain));
        command.addAll(List.of(match));
        SystemCommands.run(command.toArray(String[]::new));
        List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-D", chain));
        delete.addAll(List.of(match));
        rules.add(delete.toArray(String[]::new));
    }

    @Override
    public String describe() {
        if (relay == null) {
            return "netns (chosen by name): each migration command in the network namespace " + namespace
                    + " without interfaces; the database is reached over its unix socket only" + WITHOUT_WALLS;
        }
        return "netns (chosen by name): each migration command in the network namespace " + namespace
                + ", whose one link reaches " + hostAddress + ":" + relay.port() + ", a relay to the database at "
                + database.host() + ":" + database.port() + "; firewall rules drop everything else from that link"
                + WITHOUT_WALLS;
    }

    @Override
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                "unshare", "--pid", "--fork", "--kill-child", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public ConnectionInfo inside(ConnectionInfo connection) {
        if (relay == null) {
            return connection;
        }
        return new ConnectionInfo(hostAddress, relay.port(), null, connection.user(), connection.password());
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        removeShutdownHook();
        tearDown();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is stopping: the hook runs or has run.
        }
    }

    private synchronized void tearDownQuietly() {
        try {
            tearDown();
        } catch (RuntimeException e) {
            // Nothing more can be done while the JVM stops.
        }
    }

    private synchronized void tearDown() {
        List<String> problems = new ArrayList<>();
        for (String[] delete : rules) {
            add(problems, SystemCommands.tryRun(delete));
        }
        rules.clear();
        if (linkCreated) {
            add(problems, SystemCommands.tryRun("ip", "link", "del", hostLink));
            linkCreated = false;
        }
        if (namespaceCreated) {
            add(problems, SystemCommands.tryRun("ip", "netns", "del", namespace));
            namespaceCreated = false;
        }
        if (!problems.isEmpty()) {
            throw new InfrastructureException("cannot remove the network namespace " + namespace + " completely: "
                    + String.join("; ", problems));
        }
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
