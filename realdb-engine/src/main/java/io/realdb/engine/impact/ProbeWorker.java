package io.realdb.engine.impact;

import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.model.StepImpact.Access;

import java.sql.SQLException;
import java.util.List;
import java.util.Random;

/**
 * One probe: on its own connection, one operation after another (a short pause between them),
 * each on a random sampled row of a random table. An operation that gave up waiting (a lock or
 * statement timeout, a deadlock) is tried again at once on the same row, and its tries count as
 * one wait, as an application's retries would feel.
 */
final class ProbeWorker implements Runnable {

    private final Access access;
    private final ProbeConnection connection;
    private final List<ProbeTable> tables;
    private final WaitTally tally;
    private final Random random;
    private volatile boolean stopping;
    /** What a pause between operations waits on. */
    private final Object wake = new Object();
    private volatile boolean done;
    private long failures;
    private String firstFailure;

    ProbeWorker(Access access, ProbeConnection connection, List<ProbeTable> tables, WaitTally tally, long seed) {
        this.access = access;
        this.connection = connection;
        this.tables = access == Access.WRITE ? tables.stream().filter(ProbeTable::writable).toList() : tables;
        this.tally = tally;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        try {
            while (!stopping && !tables.isEmpty()) {
                ProbeTable table = tables.get(random.nextInt(tables.size()));
                List<Object> key = table.keys().get(random.nextInt(table.keys().size()));
                if (!probe(table, key)) {
                    return;
                }
                pause(ImpactMeter.PAUSE_MILLIS);
            }
        } finally {
            done = true;
        }
    }

    /** One operation, retried while it gives up waiting; false when the connection is lost. */
    private boolean probe(ProbeTable table, List<Object> key) {
        Timing timing = new Timing();
        long first = -1;
        while (true) {
            timing.reset();
            try {
                if (access == Access.READ) {
                    connection.read(table, key, timing);
                } else {
                    connection.write(table, key, timing);
                }
                tally.record(access, table.name(), first < 0 ? timing.startNanos() : first, timing.endNanos());
                return true;
            } catch (SQLException e) {
                if (first < 0 && !timing.started()) {
                    // Failed before its statement ran: nothing waited.
                    failed(SqlErrors.message(e));
                    return !SqlErrors.isInfrastructure(e) && pause(ImpactMeter.FAILURE_PAUSE_MILLIS);
                }
                long from = first < 0 ? timing.startNanos() : first;
                if (connection.gaveUpWaiting(e) && !stopping) {
                    first = from;
                    continue;
                }
                // Waiting, then failing (a table dropped under it, a stop) still kept it waiting.
                tally.record(access, table.name(), from, timing.endNanos());
                if (!(connection.gaveUpWaiting(e) && stopping)) {
                    failed(SqlErrors.message(e));
                }
                return !SqlErrors.isInfrastructure(e) && pause(ImpactMeter.FAILURE_PAUSE_MILLIS);
            } catch (RuntimeException e) {
                failed(String.valueOf(e));
                return false;
            }
        }
    }

    private synchronized void failed(String message) {
        failures++;
        if (firstFailure == null) {
            firstFailure = message;
        }
    }

    /** Always true, so that a caller can return it: the probe goes on. */
    private boolean pause(long millis) {
        synchronized (wake) {
            if (stopping) {
                return true;
            }
            try {
                wake.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
        return true;
    }

    /** Lets the operation in hand finish, and starts no other; a pause between operations ends at once. */
    void stop() {
        synchronized (wake) {
            stopping = true;
            wake.notifyAll();
        }
    }

    boolean isDone() {
        return done;
    }

    /** Stops the statement in hand, for a probe that does not finish by itself. */
    void cancel() {
        connection.cancel();
    }

    Access access() {
        return access;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized String firstFailure() {
        return firstFailure;
    }
}
