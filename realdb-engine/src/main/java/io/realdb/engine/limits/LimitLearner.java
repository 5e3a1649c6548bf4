package io.realdb.engine.limits;

import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns per-step limits from past runs of one dataset. Every measurement of a step counts (a
 * step run again after the downgrade is one more sample); runs that broke for infrastructure
 * reasons do not, since their timings say nothing about the migrations.
 */
public final class LimitLearner {

    private final LearningOptions options;

    public LimitLearner(LearningOptions options) {
        this.options = options;
    }

    /** Suggestions per limit kind, steps in version order. */
    public List<LimitSuggestion> suggest(List<RunRecord> runs, Limits current) {
        Map<LimitKind, Map<String, List<Double>>> samples = new EnumMap<>(LimitKind.class);
        for (LimitKind kind : LimitKind.values()) {
            samples.put(kind, new TreeMap<>(STEP_ORDER));
        }
        for (RunRecord run : runs) {
            if (run.verdict() == Verdict.ERROR) {
                continue;
            }
            for (Step step : run.steps()) {
                for (LimitKind kind : LimitKind.values()) {
                    Double value = kind.measure(step);
                    if (value != null) {
                        samples.get(kind).computeIfAbsent(step.key(), k -> new ArrayList<>()).add(value);
                    }
                }
            }
        }
        List<LimitSuggestion> suggestions = new ArrayList<>();
        for (LimitKind kind : LimitKind.values()) {
            Map<String, ? extends Number> limits = kind.of(current);
            Number fallback = limits.get(Limits.DEFAULT_KEY);
            for (Map.Entry<String, List<Double>> entry : samples.get(kind).entrySet()) {
                suggestions.add(suggestion(kind, entry.getKey(), entry.getValue(), limits.get(entry.getKey()), fallback));
            }
        }
        return suggestions;
    }

    private LimitSuggestion suggestion(LimitKind kind, String step, List<Double> values, Number before, Number fallback) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Double observed = kind == LimitKind.SECONDS ? percentile(sorted, options.percentile()) : sorted[sorted.length - 1];
        if (sorted.length < options.minSamples()) {
            return new LimitSuggestion(kind, step, sorted.length, observed, before, fallback, before,
                    LimitSuggestion.Outcome.TOO_FEW_SAMPLES);
        }
        long learned = kind == LimitKind.SECONDS ? seconds(observed) : rows(observed);
        boolean ownKey = options.tighten() || fallback == null || learned > fallback.doubleValue();
        LimitSuggestion.Outcome outcome;
        if (!ownKey) {
            outcome = before == null ? LimitSuggestion.Outcome.DEFAULT_SUFFICES : LimitSuggestion.Outcome.REMOVED;
        } else if (before == null) {
            outcome = LimitSuggestion.Outcome.ADDED;
        } else if (before.doubleValue() == learned) {
            outcome = LimitSuggestion.Outcome.UNCHANGED;
        } else {
            outcome = LimitSuggestion.Outcome.CHANGED;
        }
        return new LimitSuggestion(kind, step, sorted.length, observed, before, fallback, ownKey ? learned : null, outcome);
    }

    /**
     * The nearest-rank percentile: the smallest sample that at least {@code p} percent of the
     * samples do not exceed. Of 1..100, the 95th percentile is 95; of 1..20, it is 19.
     */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        int rank = (int) Math.ceil(BigDecimal.valueOf(p).multiply(BigDecimal.valueOf(sorted.length))
                .divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_UP).doubleValue());
        return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
    }

    /** Percentile plus slack, rounded up to whole seconds. */
    long seconds(double observed) {
        BigDecimal limit = BigDecimal.valueOf(observed).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(options.slack())))
                .setScale(0, RoundingMode.CEILING);
        return Math.max(limit.longValueExact(), (long) Math.ceil(options.minSeconds()));
    }

    /** The most rows plus slack, rounded up to the configured significant digits. */
    long rows(double observed) {
        BigDecimal limit = BigDecimal.valueOf(observed).multiply(BigDecimal.ONE.add(BigDecimal.valueOf(options.rowsSlack())))
                .setScale(0, RoundingMode.CEILING);
        return Math.max(roundUp(limit.toBigIntegerExact(), options.rowsDigits()), options.minRows());
    }

    static long roundUp(BigInteger value, int digits) {
        int length = value.toString().length();
        if (value.signum() <= 0 || length <= digits) {
            return value.longValueExact();
        }
        BigInteger unit = BigInteger.TEN.pow(length - digits);
        BigInteger[] parts = value.divideAndRemainder(unit);
        BigInteger rounded = parts[1].signum() == 0 ? value : parts[0].add(BigInteger.ONE).multiply(unit);
        return rounded.longValueExact();
    }

    /** The step keys that learning adds or changes, and those it removes, per limit kind. */
    public static Changes changes(List<LimitSuggestion> suggestions) {
        Map<LimitKind, Map<String, Number>> set = new EnumMap<>(LimitKind.class);
        Map<LimitKind, Set<String>> removed = new EnumMap<>(LimitKind.class);
        for (LimitSuggestion s : suggestions) {
            switch (s.outcome()) {
                case ADDED, CHANGED -> set.computeIfAbsent(s.kind(), k -> new LinkedHashMap<>()).put(s.step(), s.after());
                case REMOVED -> removed.computeIfAbsent(s.kind(), k -> new LinkedHashSet<>()).add(s.step());
                default -> { }
            }
        }
        return new Changes(set, removed);
    }

    public record Changes(Map<LimitKind, Map<String, Number>> set, Map<LimitKind, Set<String>> removed) {
        public boolean isEmpty() {
            return set.isEmpty() && removed.isEmpty();
        }
    }

    /** Numbered versions in number order ({@code 99->100} before {@code 100->101}), others by name. */
    public static final Comparator<String> STEP_ORDER = (a, b) -> {
        String[] x = a.split("->", 2);
        String[] y = b.split("->", 2);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = compareVersions(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    private static int compareVersions(String a, String b) {
        boolean numbers = !a.isEmpty() && !b.isEmpty() && a.chars().allMatch(Character::isDigit)
                && b.chars().allMatch(Character::isDigit);
        if (numbers) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        return a.compareTo(b);
    }
}
