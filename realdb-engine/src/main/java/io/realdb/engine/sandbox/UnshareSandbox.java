package io.realdb.engine.sandbox;

import io.realdb.engine.db.ConnectionInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Each command in new network and PID namespaces made with {@code unshare}: no interface but a
 * loopback that is down, so no address at all is reachable; the database is reached over its
 * unix socket, a file. With a user namespace as well, this needs no root.
 * <p>
 * The PID namespace is what makes killing complete: when its first process dies, the kernel
 * kills every process inside, daemons that left their parent included.
 */
final class UnshareSandbox implements Sandbox {

    private final boolean userNamespace;

    UnshareSandbox(boolean userNamespace) {
        this.userNamespace = userNamespace;
    }

    static List<String> prefix(boolean userNamespace) {
        List<String> prefix = new ArrayList<>(List.of("unshare"));
        if (userNamespace) {
            prefix.add("--map-root-user");
        }
        prefix.addAll(List.of("--net", "--pid", "--fork", "--kill-child", "--"));
        return prefix;
    }

    @Override
    public String describe() {
        return "unshare: each migration command in its own network namespace without interfaces"
                + (userNamespace ? " (rootless, in a user namespace)" : "")
                + "; the database is reached over its unix socket only";
    }

    @Override
    public List<String> wrap(List<String> command) {
        List<String> wrapped = prefix(userNamespace);
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
