package io.realdb.engine.sandbox;

import io.realdb.engine.db.ConnectionInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Each command in new user, network and PID namespaces made with {@code unshare}: no interface
 * but a loopback that is down, so no address at all is reachable; the database is reached over
 * its unix socket, a file. It needs no root. It walls off the network only: the command sees
 * the machine's files and sockets, and runs without resource limits.
 * <p>
 * The PID namespace is what makes killing complete: when its first process dies, the kernel
 * kills every process inside, daemons that left their parent included.
 */
final class UnshareSandbox implements Sandbox {

    private static final List<String> PREFIX = List.of("unshare", "--map-root-user", "--net", "--pid", "--fork",
            "--kill-child", "--");

    @Override
    public String describe() {
        return "unshare (chosen by name): each migration command in its own network namespace without interfaces "
                + "(rootless, in a user namespace); the database is reached over its unix socket only; the command "
                + "sees this machine's files and unix sockets, without resource limits";
    }

    @Override
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(PREFIX);
        wrapped.addAll(command);
        return wrapped;
    }

    @Override
    public ConnectionInfo inside(ConnectionInfo database) {
        return database;
    }

    @Override
    public void close() {
    }
}
