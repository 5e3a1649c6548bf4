package io.realdb.report;

import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Made-up but lifelike runs: a dataset's migrations 140 -> 140 + steps, each with its own typical
 * duration and rows, some noise, upgraded, downgraded back to the first version of the change and
 * upgraded again. The runs before "now" pass; the reported run is slow on one step. Runs from
 * number {@link #FIRST_PROBED} on were probed: 151->152 copies its table and blocks writes for most
 * of its length, the other steps block nothing.
 */
final class SampleHistory {

    static final Instant NOW = Instant.parse("2026-11-20T09:30:00Z");
    static final Limits LIMITS = new Limits(
            Map.of("default", 60.0, "151->152", 333.0, "152->151", 330.0),
            Map.of("default", 100_000L, "151->152", 3_470_000L),
            Map.of("default", 100_000L, "151->152", 3_200_000L),
            Map.of());

    /** The first run whose steps were probed; older ones have no impact. */
    static final int FIRST_PROBED = 20;

    private final String dataset;
    private final String engine;
    private final int steps;
    private final double speed;

    SampleHistory(String dataset, String engine, int steps, double speed) {
        this.dataset = dataset;
        this.engine = engine;
        this.steps = steps;
        this.speed = speed;
    }

    static int first() {
        return 140;
    }

    /** The run {@code daysAgo} days before now; {@code slowStep} (or -1) takes far longer than usual. */
    RunResult run(int number, int daysAgo, int slowStep) {
        SplittableRandom random = new SplittableRandom(number * 7919L + dataset.hashCode() + engine.hashCode());
        List<Step> all = new ArrayList<>();
        int head = first() + steps;
        int changeFrom = head - 2;
        for (int v = first(); v < head; v++) {
            Phase phase = v < changeFrom ? Phase.UPGRADE_TRUNK : Phase.UPGRADE_CHANGE;
            all.add(step(phase, v, v + 1, random, v - first() == slowStep));
        }
        for (int v = head; v > changeFrom; v--) {
            all.add(step(Phase.DOWNGRADE, v, v - 1, random, false));
        }
        for (int v = changeFrom; v < head; v++) {
            all.add(step(Phase.UPGRADE_AGAIN, v, v + 1, random, false));
        }
        if (number >= FIRST_PROBED) {
            all.replaceAll(SampleHistory::probed);
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Step s = all.get(i);
            Double limit = LIMITS.secondsFor(s.key()).orElse(null);
            if (limit != null && s.durationMs() > limit * 1000) {
                findings.add(new Finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration " + s.key()
                        + " took too long (" + Math.round(s.durationMs() / 1000.0) + " s > " + Math.round(limit) + " s)",
                        s.key(), i));
            }
        }
        long total = all.stream().mapToLong(Step::durationMs).sum() + 95_000;
        Instant started = NOW.minus(Duration.ofDays(daysAgo)).minus(Duration.ofMinutes(number % 37));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("dataset", dataset);
        info.put("project", "https://review.example.org/openstack/nova");
        info.put("trunk", "master");
        info.put("trunkCommit", "b77282d0c54a6ddc3f2a1d0f0e9a8d7c6b5a4f31");
        info.put("change", "refs/changes/15/65615/" + (number % 9 + 1));
        info.put("changeCommit", "b1856cf8e9a1f2b3c4d5e6f708192a3b4c5d6e7f");
        info.put("tool", "command");
        info.put("engine", engine);
        info.put("serverVersion", engine.equals("postgresql") ? "15.20" : "10.11.19-MariaDB");
        info.put("startedAt", started.toString());
        info.put("log", "realdb.log");
        return new RunResult(RunResult.SCHEMA_VERSION, dataset, Verdict.of(findings), String.valueOf(head),
                String.valueOf(head), total, info, findings, all);
    }

    private Step step(Phase phase, int from, int to, SplittableRandom random, boolean slow) {
        double base = typicalSeconds(Math.min(from, to)) * speed * (from > to ? 0.8 : 1);
        double seconds = base * (0.85 + 0.3 * random.nextDouble()) * (slow ? 2.4 : 1);
        long rowsBase = typicalRows(Math.min(from, to));
        long read = Math.round(rowsBase * (0.97 + 0.06 * random.nextDouble()));
        long changed = Math.round(read * (Math.min(from, to) % 3 == 0 ? 0.9 : 0.02));
        return Step.of(phase, String.valueOf(from), String.valueOf(to), true, Math.round(seconds * 1000),
                new RowCounts(read, changed / 3, changed - changed / 3, 0));
    }

    private static Step probed(Step step) {
        boolean copies = step.key().equals("151->152");
        long blocked = copies ? Math.round(step.durationMs() * 0.9) : 0;
        List<StepImpact.BlockedTable> tables = copies
                ? List.of(new StepImpact.BlockedTable("instances", StepImpact.Access.WRITE, blocked, blocked + 150, 40))
                : List.of();
        return step.withImpact(new StepImpact(0, blocked, 12, copies ? blocked + 150 : 35, tables,
                copies ? List.of(new StepImpact.TableLock("instances", "MDL_SHARED_NO_WRITE")) : List.of(),
                copies ? List.of("instances") : List.of(), 200, step.durationMs() / 10, step.durationMs() / 20));
    }

    private static double typicalSeconds(int version) {
        if (version == 151) {
            return 180;
        }
        return 2 + (version * 37 % 23);
    }

    private static long typicalRows(int version) {
        if (version == 151) {
            return 3_100_000;
        }
        return 2_000 + (version * 7919L % 60_000);
    }

    /** Records {@code count} daily runs ending yesterday. */
    void record(HistoryStore store, int count) {
        for (int i = 0; i < count; i++) {
            RunResult result = run(i, count - i, -1);
            store.record(RunRecord.from(result).ciBuild(String.valueOf(1000 + i), "https://ci.example.org/job/nova-db/" + (1000 + i) + "/").build());
        }
    }
}
