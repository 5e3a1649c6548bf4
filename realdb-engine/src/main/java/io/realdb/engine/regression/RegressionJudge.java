package io.realdb.engine.regression;

import io.realdb.engine.analysis.LogJudge;
import io.realdb.engine.model.Baseline;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RegressionPolicy;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Compares each step of a run with the same step in the dataset's earlier runs: a duration or a
 * row count far above the median of those runs is a finding (a warning unless the dataset's
 * severity policy says otherwise), so that a migration that got slower is seen before it reaches
 * its limit. Far above means above the policy's factor times the median and also above the median
 * by at least the policy's minimum difference; steps measured in fewer earlier runs than the
 * policy's minimum are not judged.
 *
 * <p>A step is compared with the same pass of earlier runs: the first upgrade with first upgrades,
 * the upgrade again after the downgrade with upgrades again, as the trend charts draw them.
 */
public final class RegressionJudge {

    private final Limits limits;
    private final RegressionPolicy policy;

    public RegressionJudge(Limits limits) {
        this.limits = limits == null ? Limits.NONE : limits;
        this.policy = this.limits.regression();
    }

    /** One of the three measurements a step is compared on. */
    private record Measure(FindingKind kind, Function<Step, Long> value, long minDifference) {
    }

    /**
     * @param earlier the steps of the dataset's earlier runs, newest first; only the newest
     *                {@link RegressionPolicy#runs()} are looked at
     * @return the new findings, in the order of the run's steps; none when the policy is off
     */
    public List<Finding> judge(RunResult result, List<List<Step>> earlier) {
        if (!policy.enabled() || earlier.isEmpty()) {
            return List.of();
        }
        List<List<Step>> recent = earlier.subList(0, Math.min(earlier.size(), policy.runs()));
        List<Measure> measures = List.of(
                new Measure(FindingKind.DURATION_REGRESSION, s -> s.ended() ? s.durationMs() : null,
                        Limits.millis(policy.minSeconds())),
                new Measure(FindingKind.ROWS_READ_REGRESSION, Step::rowsRead, policy.minRows()),
                new Measure(FindingKind.ROWS_CHANGED_REGRESSION, Step::rowsChanged, policy.minRows()));
        Set<String> alreadyFound = new HashSet<>();
        for (Finding f : result.findings()) {
            if (f.stepIndex() != null && f.kind().measure() != null) {
                alreadyFound.add(f.stepIndex() + " " + f.kind().measure());
            }
        }
        List<Finding> findings = new ArrayList<>();
        List<Step> steps = result.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            for (Measure measure : measures) {
                Long value = measure.value().apply(step);
                if (value == null || alreadyFound.contains(i + " " + measure.kind().measure())) {
                    continue;
                }
                List<Long> past = pastValues(recent, step, measure);
                if (past.size() < policy.minRuns()) {
                    continue;
                }
                long median = median(past);
                long bound = Math.max((long) Math.floor(policy.factor() * median), median + measure.minDifference());
                if (value > bound) {
                    Baseline baseline = new Baseline(median, past.size(), policy.factor());
                    findings.add(Finding.ofMeasurement(measure.kind(), limits.severityOf(measure.kind()),
                            message(step, measure.kind(), value, baseline), step, i, value,
                            new Limit(bound, Limit.REGRESSION_KEY), baseline));
                }
            }
        }
        return findings;
    }

    /** The step's value in each earlier run that measured it, in the same pass. */
    private static List<Long> pastValues(List<List<Step>> runs, Step step, Measure measure) {
        String key = step.key();
        boolean again = step.phase() == Phase.UPGRADE_AGAIN;
        List<Long> values = new ArrayList<>();
        for (List<Step> run : runs) {
            for (Step past : run) {
                if (past.key().equals(key) && (past.phase() == Phase.UPGRADE_AGAIN) == again) {
                    Long value = measure.value().apply(past);
                    if (value != null) {
                        values.add(value);
                    }
                    break;
                }
            }
        }
        return values;
    }

    /** The middle value; of an even number, the mean of the two in the middle, rounded down. */
    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : Math.floorDiv(sorted.get(n / 2 - 1) + sorted.get(n / 2), 2);
    }

    private static String message(Step step, FindingKind kind, long value, Baseline baseline) {
        String runs = baseline.runs() == 1 ? "its last run" : "its median of the last " + baseline.runs() + " runs";
        String name = "Migration " + step.key();
        boolean duration = kind == FindingKind.DURATION_REGRESSION;
        String shown = duration ? LogJudge.duration(value, baseline.median() / 1000.0) : Long.toString(value);
        String median = duration ? LogJudge.duration(baseline.median(), 0) : Long.toString(baseline.median());
        if (baseline.median() == 0) {
            String what = duration ? "took " + shown
                    : (kind == FindingKind.ROWS_READ_REGRESSION ? "read " : "changed ") + shown + " rows";
            String usual = baseline.runs() == 1 ? "its last run measured " : runs + " is ";
            return name + " " + what + " where " + usual + median;
        }
        String times = times(value, baseline.median(), baseline.factor());
        return switch (kind) {
            case DURATION_REGRESSION -> name + " took " + times + " " + runs + " (" + shown + " against " + median + ")";
            case ROWS_READ_REGRESSION -> name + " read " + times + " as many rows as " + runs
                    + " (" + shown + " against " + median + ")";
            default -> name + " changed " + times + " as many rows as " + runs
                    + " (" + shown + " against " + median + ")";
        };
    }

    /** How many times the median, with one decimal, or more where one would not show it above the factor. */
    static String times(long value, long median, double factor) {
        BigDecimal exact = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(median), 6, RoundingMode.DOWN);
        BigDecimal least = BigDecimal.valueOf(factor);
        int scale = 1;
        BigDecimal shown = exact.setScale(scale, RoundingMode.DOWN);
        while (scale < 3 && shown.compareTo(least) <= 0) {
            scale++;
            shown = exact.setScale(scale, RoundingMode.DOWN);
        }
        return shown.toPlainString() + "x";
    }
}
