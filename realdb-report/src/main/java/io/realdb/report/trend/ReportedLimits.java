package io.realdb.report.trend;

import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepLimits;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The limits a report shows for each step: those the run was judged against, as its result keeps
 * them, and the dataset's limits as they are now when the report was given the dataset, to show
 * which changed since. A result written before steps kept their limits (schema version 1) is
 * shown against the dataset's limits as they are now.
 */
public final class ReportedLimits {

    /** One of the limits of a step, by its field in result.json. */
    public enum Measure {
        DURATION(StepLimits::durationMs),
        ROWS_READ(StepLimits::rowsRead),
        ROWS_CHANGED(StepLimits::rowsChanged),
        WRITE_BLOCKED(StepLimits::writeBlockedMs),
        READ_BLOCKED(StepLimits::readBlockedMs);

        private final Function<StepLimits, Limit> of;

        Measure(Function<StepLimits, Limit> of) {
            this.of = of;
        }

        public Limit of(StepLimits limits) {
            return limits == null ? null : of.apply(limits);
        }
    }

    public static final ReportedLimits NONE = new ReportedLimits(Map.of(), null);

    private final Map<String, StepLimits> judged;
    private final Limits now;

    private ReportedLimits(Map<String, StepLimits> judged, Limits now) {
        this.judged = judged;
        this.now = now;
    }

    /**
     * @param now the dataset's limits as they are now, or null when the report was not given the dataset
     */
    public static ReportedLimits of(RunResult result, Limits now) {
        Map<String, StepLimits> judged = new HashMap<>();
        for (Step step : result.steps()) {
            if (step.limits() != null) {
                judged.putIfAbsent(step.key(), step.limits());
            }
        }
        return new ReportedLimits(judged, now);
    }

    /** The dataset's limits alone, as a report of results that keep none shows them. */
    public static ReportedLimits of(Limits now) {
        return new ReportedLimits(Map.of(), now);
    }

    /** What the step was judged against; for a result that does not say, the dataset's limits now, if given. */
    public Limit judged(String key, Measure measure) {
        StepLimits own = judged.get(key);
        if (own != null) {
            return measure.of(own);
        }
        return now == null ? null : measure.of(now.forStep(key));
    }

    /**
     * A limit of the dataset as it is now that differs from the one a step was judged against.
     *
     * @param now the limit now, or null when the dataset has none of this kind any more
     */
    public record Change(Limit now) {
    }

    /** How the dataset's limit changed since the run, or null when it did not or the report was not given the dataset. */
    public Change changed(String key, Measure measure) {
        StepLimits own = judged.get(key);
        if (own == null || now == null) {
            return null;
        }
        Limit then = measure.of(own);
        Limit current = measure.of(now.forStep(key));
        boolean same = then == null ? current == null : current != null && current.value() == then.value();
        return same ? null : new Change(current);
    }
}
