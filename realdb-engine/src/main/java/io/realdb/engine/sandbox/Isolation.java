package io.realdb.engine.sandbox;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.db.ConnectionInfo;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How migration commands are isolated, as the user chose it. Isolation is never dropped
 * silently: when the chosen kind cannot be had here, the run stops and says why, and a weaker
 * kind runs only when it is asked for by name.
 */
public enum Isolation {
    /** The strongest kind: bwrap, or a stop that says how to install it or which kind to name. */
    AUTO,
    /** bubblewrap: no network, a read-only system, a copy of the checkout, resource limits. */
    BWRAP,
    /** unshare: user, network and PID namespaces, needing no root; socket databases only; no file walls. */
    UNSHARE,
    /** ip netns with a veth link, as root: TCP databases too; no file walls. */
    NETNS,
    /** No isolation: commands see the machine's network and files. */
    NONE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Isolation fromId(String id) {
        return Arrays.stream(values()).filter(i -> i.id().equals(id.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new BadInputException("isolation '" + id + "' is not one of "
                        + Arrays.stream(values()).map(Isolation::id).collect(Collectors.joining(", "))));
    }

    /**
     * Sets up the sandbox for a run whose migrations reach {@code database} and run in
     * {@code checkout}. Only bwrap applies {@code limits}: the weaker kinds say so in their
     * description.
     *
     * @throws InfrastructureException when this kind of isolation cannot be had on this machine
     */
    public Sandbox open(ConnectionInfo database, Path checkout, ResourceLimits limits) {
        return open(database, checkout, limits, BwrapSandbox.DEFAULT_SOCKET_NAME);
    }

    /**
     * @param socketName what the database's unix socket is called inside a sandbox that shows
     *                   it at a path of its own: clients of some engines derive it from the port
     */
    public Sandbox open(ConnectionInfo database, Path checkout, ResourceLimits limits, String socketName) {
        return switch (this) {
            case NONE -> new NoIsolation();
            case AUTO, BWRAP -> BwrapSandbox.open(database, checkout, limits, socketName);
            case UNSHARE -> unshare(database);
            case NETNS -> netns(database, SystemCommands.isRoot());
        };
    }

    private static Sandbox unshare(ConnectionInfo database) {
        if (database.socket() == null) {
            throw new InfrastructureException("isolation 'unshare' gives commands no network at all, but the database "
                    + "is reached over TCP at " + database.host() + ":" + database.port()
                    + ": reach it by --db-socket, or use --isolation netns (root)");
        }
        if (!SystemCommands.onPath("unshare")) {
            throw new InfrastructureException("isolation needs 'unshare' (util-linux), which is not installed; "
                    + "install it, or run with --isolation none to accept migrations with network access");
        }
        UnshareSandbox sandbox = new UnshareSandbox();
        if (!SystemCommands.works(sandbox.wrap(java.util.List.of("true")).toArray(String[]::new))) {
            throw new InfrastructureException("this machine does not let realdb create namespaces with unshare as a user "
                    + "(user namespaces may be disabled: kernel.unprivileged_userns_clone); run with --isolation netns "
                    + "as root, or with --isolation none to accept migrations with network access");
        }
        return sandbox;
    }

    private static Sandbox netns(ConnectionInfo database, boolean root) {
        if (!root) {
            throw new InfrastructureException("isolation 'netns' for a database reached over TCP needs root "
                    + "(ip netns, veth and firewall rules); reach the database by --db-socket for rootless isolation, "
                    + "or run with --isolation none to accept migrations with network access");
        }
        for (String program : new String[] {"ip", "unshare", database.socket() == null ? "iptables" : "ip"}) {
            if (!SystemCommands.onPath(program)) {
                throw new InfrastructureException("isolation 'netns' needs '" + program + "', which is not installed");
            }
        }
        return NetnsSandbox.create(database);
    }
}
