package io.realdb.engine.runner;

import io.realdb.engine.db.DatabaseServer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the server, every second while a step runs, whether it still answers. A step that fails
 * while its server did not answer (stopped, frozen, gone) failed for the infrastructure, not for
 * the change, even when the server answers again afterwards.
 */
final class ServerWatch implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(1);

    private final AtomicReference<Instant> silentSince = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ServerWatch(DatabaseServer server) {
        thread = new Thread(() -> {
            while (running) {
                Instant asked = Instant.now();
                if (!server.isAlive()) {
                    silentSince.compareAndSet(null, asked);
                }
                try {
                    Thread.sleep(EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "realdb-server-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static ServerWatch start(DatabaseServer server) {
        return new ServerWatch(server);
    }

    /** When the server first failed to answer while watched, or null when it always answered. */
    Instant silentSince() {
        return silentSince.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
