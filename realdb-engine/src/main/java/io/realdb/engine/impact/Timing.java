package io.realdb.engine.impact;

/**
 * When a probe's own statements ran, apart from the bookkeeping around them, on the monotonic
 * clock. A probe connection marks it; the worker reads it, whether the statement succeeded or not.
 */
final class Timing {

    private long start;
    private long end;

    /** The probe's statement begins now. */
    void begin() {
        start = System.nanoTime();
        end = 0;
    }

    /** The probe's statement has returned, or failed. */
    void stop() {
        end = System.nanoTime();
    }

    /** Forgets the last try, before the next. */
    void reset() {
        start = 0;
        end = 0;
    }

    /** Whether the try got as far as its statement. */
    boolean started() {
        return start != 0;
    }

    long startNanos() {
        return start;
    }

    /** The end, or now when the statement is still running. */
    long endNanos() {
        return end == 0 ? System.nanoTime() : end;
    }
}
