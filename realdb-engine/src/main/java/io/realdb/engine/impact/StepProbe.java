package io.realdb.engine.impact;

import io.realdb.engine.db.SqlErrors;
import io.realdb.engine.model.LogFormat;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.StepImpact.Access;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The probes of one step: started just after the step's start line, finished after its end
 * (or failure) line, when they write the step's impact lines. Closing it without finishing it
 * stops it silently.
 */
public final class StepProbe implements AutoCloseable {

    /** A step that is not probed. */
    public static final StepProbe NONE = new StepProbe(null, List.of(), List.of(), null, List.of(), null);

    /** How long a probe's operation in hand may take to finish once the step has ended. */
    private static final long STOP_GRACE_MILLIS = 1_000;
    private static final long CANCEL_WAIT_MILLIS = 5_000;

    private final ImpactMeter meter;
    private final List<ProbeConnection> readers;
    private final List<ProbeConnection> writers;
    private final Watch watch;
    private final List<ProbeTable> tables;
    private final Map<String, Watch.Storage> storageBefore;
    private final List<ProbeWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<StepImpact.TableLock> locks = new LinkedHashSet<>();
    private WaitTally tally;
    private Thread sampler;
    private volatile boolean sampling;
    /** What the lock sampling waits on between samples. */
    private final Object wake = new Object();
    private boolean ended;

    StepProbe(ImpactMeter meter, List<ProbeConnection> readers, List<ProbeConnection> writers, Watch watch,
              List<ProbeTable> tables, Map<String, Watch.Storage> storageBefore) {
        this.meter = meter;
        this.readers = List.copyOf(readers);
        this.writers = List.copyOf(writers);
        this.watch = watch;
        this.tables = List.copyOf(tables);
        this.storageBefore = storageBefore;
    }

    /** Starts the probes and the lock sampling; the step's time starts now. */
    public void start() {
        if (meter == null || tally != null) {
            return;
        }
        tally = new WaitTally(System.nanoTime(), meter.thresholdMs());
        long seed = System.nanoTime();
        for (ProbeConnection reader : readers) {
            workers.add(new ProbeWorker(Access.READ, reader, tables, tally, seed++));
        }
        for (ProbeConnection writer : writers) {
            workers.add(new ProbeWorker(Access.WRITE, writer, tables, tally, seed++));
        }
        for (ProbeWorker worker : workers) {
            Thread thread = new Thread(worker, "realdb-impact-" + worker.access().id());
            thread.setDaemon(true);
            threads.add(thread);
        }
        Set<Long> probeSessions = new HashSet<>();
        readers.forEach(r -> probeSessions.add(r.sessionId()));
        writers.forEach(w -> probeSessions.add(w.sessionId()));
        sampling = true;
        sampler = new Thread(() -> sample(probeSessions), "realdb-impact-locks");
        sampler.setDaemon(true);
        sampler.start();
        threads.forEach(Thread::start);
    }

    private void sample(Set<Long> probeSessions) {
        while (sampling) {
            try {
                Set<StepImpact.TableLock> now = watch.locks(probeSessions);
                synchronized (locks) {
                    now.stream().filter(lock -> !meter.isToolTable(lock.table())).forEach(locks::add);
                }
            } catch (SQLException | RuntimeException e) {
                meter.sayOnce("Impact: table locks could not be sampled: "
                        + (e instanceof SQLException sql ? SqlErrors.message(sql) : e.getMessage()));
                return;
            }
            // A wait that stop() cuts short, so that the step's end does not wait out the interval.
            synchronized (wake) {
                if (!sampling) {
                    return;
                }
                try {
                    wake.wait(ImpactMeter.LOCK_SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Stops the probes and writes the step's impact lines. */
    public void finish() {
        if (meter == null || ended) {
            return;
        }
        ended = true;
        Stopped stopped = stop(true);
        boolean watchLost = stopped.watchStuck();
        List<String> rewrites = watchLost ? List.of() : rewrites();
        if (rewrites == null) {
            watchLost = true;
            rewrites = List.of();
        }
        var log = meter.log();
        if (tally != null) {
            log.probeSummary(tally.summary());
            for (LogFormat.ProbeWait wait : tally.waits()) {
                log.probeWait(wait);
            }
        }
        synchronized (locks) {
            locks.forEach(log::lockHeld);
        }
        rewrites.forEach(log::rewritten);
        for (ProbeWorker worker : workers) {
            if (worker.failures() > 0) {
                log.note("Impact: " + worker.failures() + " probe " + worker.access().id() + "s failed in this step"
                        + " (first: " + worker.firstFailure() + ")");
            }
        }
        if (!stopped.probes().isEmpty()) {
            log.note("Impact: " + stopped.probes().size() + " probe(s) did not stop; the counters that follow may "
                    + "include their few reads");
        }
        stopped.probes().forEach(ProbeConnection::abort);
        List<ProbeConnection> idle = new ArrayList<>(readers);
        idle.addAll(writers);
        idle.removeAll(stopped.probes());
        if (watchLost) {
            watch.abort();
        }
        RowCounts own = meter.release(idle, watchLost ? null : watch);
        if (own.read() + own.changed() > 0) {
            log.note("Impact: the probes read " + own.read() + " rows and changed " + own.changed()
                    + " in this step; the counters leave them out");
        }
    }

    /** Tables whose storage id changed from before the step to now; null when the server did not answer. */
    private List<String> rewrites() {
        if (storageBefore == null) {
            return List.of();
        }
        try {
            Map<String, Watch.Storage> after = ImpactMeter.bounded("reading table storage", watch::storage);
            Set<String> rewritten = new TreeSet<>();
            storageBefore.forEach((key, before) -> {
                Watch.Storage now = after.get(key);
                if (now != null && !now.id().equals(before.id()) && !meter.isToolTable(now.table())) {
                    rewritten.add(now.table());
                }
            });
            return List.copyOf(rewritten);
        } catch (SQLException | RuntimeException e) {
            meter.sayOnce("Impact: rewritten tables could not be read: "
                    + (e instanceof SQLException sql ? SqlErrors.message(sql) : e.getMessage()));
            return e instanceof java.sql.SQLTimeoutException ? null : List.of();
        }
    }

    /**
     * Lets the probes finish the operation in hand (the step's locks are gone), stops the ones that
     * do not (when {@code cancel}), and stops the sampling.
     */
    private Stopped stop(boolean cancel) {
        workers.forEach(ProbeWorker::stop);
        synchronized (wake) {
            sampling = false;
            wake.notifyAll();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        for (int i = 0; i < threads.size(); i++) {
            join(threads.get(i), deadline);
            if (cancel && threads.get(i).isAlive()) {
                workers.get(i).cancel();
            }
        }
        long cancelled = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(cancel ? CANCEL_WAIT_MILLIS : 0);
        List<ProbeConnection> stuck = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            join(threads.get(i), cancelled);
            if (threads.get(i).isAlive()) {
                stuck.add(i < readers.size() ? readers.get(i) : writers.get(i - readers.size()));
            }
        }
        boolean watchStuck = false;
        if (sampler != null) {
            // Not interrupted: that could break the connection it is reading on, which is read again.
            join(sampler, Math.max(cancelled, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS)));
            watchStuck = sampler.isAlive();
        }
        return new Stopped(stuck, watchStuck);
    }

    /** What did not stop: probes still in a call, and whether the lock sampling is. */
    private record Stopped(List<ProbeConnection> probes, boolean watchStuck) {
    }

    private static void join(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops the probes without a word, when the step ended in a way that has no impact lines and
     * no counters after it (the server stopped answering, the tool could not run): nothing is
     * asked of the server, every connection is dropped.
     */
    @Override
    public void close() {
        if (meter == null || ended) {
            return;
        }
        ended = true;
        stop(false);
        readers.forEach(ProbeConnection::abort);
        writers.forEach(ProbeConnection::abort);
        watch.abort();
    }
}
