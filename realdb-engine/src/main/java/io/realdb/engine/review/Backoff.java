package io.realdb.engine.review;

import java.time.Duration;

/**
 * How often a request is tried on network trouble, and how long to wait in between: the wait
 * doubles from {@code first} up to {@code longest}.
 */
public record Backoff(int attempts, Duration first, Duration longest) {

    public static final Backoff DEFAULT = new Backoff(5, Duration.ofSeconds(2), Duration.ofSeconds(30));

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
    }

    /** The wait after the given failed attempt (1 for the first). */
    public Duration delayAfter(int attempt) {
        Duration delay = first.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(longest) > 0 ? longest : delay;
    }
}
