package io.realdb.engine.sandbox;

import io.realdb.engine.db.ConnectionInfo;

import java.util.List;

/** Commands run as they are, with the machine's network. Only ever chosen explicitly. */
final class NoIsolation implements Sandbox {

    @Override
    public String describe() {
        return "none (chosen explicitly): migration commands run with this machine's network and files, "
                + "without resource limits";
    }

    @Override
    public List<String> wrap(List<String> command) {
        return command;
    }

    @Override
    public ConnectionInfo inside(ConnectionInfo database) {
        return database;
    }

    @Override
    public void close() {
    }
}
