package io.realdb.engine.sandbox;

import io.realdb.engine.db.ConnectionInfo;

import java.util.List;

/**
 * Where a migration command runs. The code a change brings is untrusted: a sandbox gives it its
 * database and nothing else of the network. Closing it removes whatever it set up.
 */
public interface Sandbox extends AutoCloseable {

    /** For the log: what is isolated and how. */
    String describe();

    /** The command line that runs {@code command} inside the sandbox. */
    List<String> wrap(List<String> command);

    /** How the database looks from inside: the same server, perhaps at another address. */
    ConnectionInfo inside(ConnectionInfo database);

    @Override
    void close();
}
