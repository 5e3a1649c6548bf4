package io.realdb.engine.db;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call to the server that may not take longer than its time. Connector/J's unix sockets read
 * without a timeout, so a server that stopped (SIGSTOP) holds a handshake or a query for ever;
 * the call then runs on a thread of its own, which is given up on after its time (it ends when the
 * server answers or goes away).
 */
public final class Bounded {

    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "realdb-bounded-call");
        thread.setDaemon(true);
        return thread;
    });

    @FunctionalInterface
    public interface SqlCall<T> {
        T call() throws SQLException;
    }

    private Bounded() {
    }

    /**
     * @param leftover what to do with the result if it comes after the time (close a connection)
     * @throws SQLTimeoutException when the call takes longer than {@code limit}
     */
    public static <T> T call(Duration limit, String what, SqlCall<T> call, java.util.function.Consumer<T> leftover)
            throws SQLException {
        Future<T> future = CALLS.submit(call::call);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            CALLS.submit(() -> {
                try {
                    leftover.accept(future.get());
                } catch (ExecutionException | InterruptedException ignored) {
                    // The late call failed: nothing to release.
                }
                return null;
            });
            throw new SQLTimeoutException(what + ": the server did not answer within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException(what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(what + ": interrupted", e);
        }
    }
}
