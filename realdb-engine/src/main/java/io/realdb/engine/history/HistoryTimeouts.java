package io.realdb.engine.history;

import java.time.Duration;

/** How long a history server may take: to accept a login, and to answer one statement. */
final class HistoryTimeouts {

    static final Duration CONNECT = Duration.ofSeconds(20);
    static final Duration READ = Duration.ofSeconds(120);

    private HistoryTimeouts() {
    }
}
