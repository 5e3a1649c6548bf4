package io.realdb.engine.dataset;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a dataset's steps are probed for their online impact: the config's {@code impact} section,
 * {@code {"enabled": true, "threshold_ms": 200, "concurrency": 1, "exclude": ["big_log_table"]}}.
 *
 * @param enabled     whether probes run while each step runs
 * @param thresholdMs how long a probe may wait before it counts as blocked
 * @param concurrency how many probes of each kind (reads, writes) run at once
 * @param exclude     tables that are never probed, by name (any case)
 */
public record ImpactSettings(boolean enabled, long thresholdMs, int concurrency, Set<String> exclude) {

    public static final ImpactSettings DEFAULT = new ImpactSettings(true, 200, 1, Set.of());

    /** More probes than this would be a load test, not a probe. */
    public static final int MAX_CONCURRENCY = 16;

    public ImpactSettings {
        Set<String> lower = new TreeSet<>();
        exclude.forEach(name -> lower.add(name.toLowerCase(Locale.ROOT)));
        exclude = Set.copyOf(lower);
    }

    public boolean excludes(String table) {
        return exclude.contains(table.toLowerCase(Locale.ROOT));
    }

    public ImpactSettings withEnabled(boolean on) {
        return new ImpactSettings(on, thresholdMs, concurrency, exclude);
    }
}
