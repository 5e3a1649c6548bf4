package io.realdb.report;

import io.realdb.engine.history.HistoryLocation;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.history.RunRecord;
import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: shows how long writing the report takes with a big history, and how the page
 * behaves in a browser. Builds a history of 1,000 runs of 100 steps (or as told) in an H2 file,
 * then publishes a new run against it a few times: recording it, reading the trends, writing
 * report.html, junit.xml and the review message. Prints the figures; with Chromium installed it
 * also opens the page and prints what the page measured of itself.
 *
 * <p>Arguments: {@code [runs] [steps] [folder]}; the folder keeps the history, the new run's
 * result.json and the report (default: a temporary folder).
 */
public final class ReportBenchmark {

    private static final int REPEATS = 5;
    private static final String DATASET = "bench_user_001";

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path folder = args.length > 2 ? Files.createDirectories(Path.of(args[2])) : Files.createTempDirectory("realdb-bench-");
        HistoryLocation location = HistoryLocation.embedded(folder.resolve("home"));
        Limits limits = new Limits(Map.of("default", 60.0), Map.of("default", 100_000L), Map.of("default", 100_000L), Map.of());

        long started = System.nanoTime();
        try (HistoryStore store = HistoryStores.open(location)) {
            for (int i = 0; i < runs; i++) {
                store.record(RunRecord.from(run(i, runs, steps, false)).ciBuild(String.valueOf(i + 1), null).build());
            }
        }
        double building = seconds(System.nanoTime() - started);
        System.out.printf(Locale.ROOT, "history: %,d runs x %d steps (%,d step rows) recorded in %.1f s (%.0f runs/s), %s%n",
                runs, steps, (long) runs * steps, building, runs / building, location.describe());

        RunResult current = run(runs, runs, steps, true);
        ResultJson.write(current, folder.resolve("result.json"));
        for (int trendRuns : new int[] {Publisher.DEFAULT_TREND_RUNS, runs + 1}) {
            Path out = Files.createDirectories(folder.resolve("report-" + trendRuns));
            double[] times = new double[REPEATS];
            for (int r = 0; r < REPEATS; r++) {
                long t0 = System.nanoTime();
                try (HistoryStore store = HistoryStores.open(location)) {
                    new Publisher(store).publish(Publisher.Request.of(List.of(current), out)
                            .withLimits(Map.of(DATASET, limits))
                            .withTrends(trendRuns, Publisher.DEFAULT_MAX_POINTS, Publisher.DEFAULT_PAGE_SIZE));
                }
                times[r] = seconds(System.nanoTime() - t0);
            }
            Path report = out.resolve("report.html");
            double[] sorted = times.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "report with trends over %,d runs: written in %.3f s the first time, "
                            + "%.3f s median of %d, %.3f s fastest; report.html %.2f MB, %d charts of at most %d points%n",
                    Math.min(trendRuns, runs + 1), times[0], sorted[REPEATS / 2], REPEATS, sorted[0],
                    Files.size(report) / 1e6, steps, Math.min(Math.min(trendRuns, runs + 1), Publisher.DEFAULT_MAX_POINTS));
            browse(report, folder);
        }
        System.out.println("kept in " + folder);
    }

    /** A run of {@code steps} migrations, one a day; the last is slow on one step. */
    private static RunResult run(int index, int runs, int steps, boolean slow) {
        SplittableRandom random = new SplittableRandom(index);
        List<Step> all = new ArrayList<>(steps);
        List<Finding> findings = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            int from = 1000 + s;
            double seconds = (2 + from % 17) * (0.85 + 0.3 * random.nextDouble()) * (slow && s == steps / 2 ? 8 : 1);
            long rows = 1000 + from * 37L % 50_000;
            all.add(Step.of(Phase.UPGRADE_CHANGE, String.valueOf(from), String.valueOf(from + 1), true,
                    Math.round(seconds * 1000), new RowCounts(rows, rows / 10, rows / 20, 0)));
            if (seconds > 60) {
                findings.add(new Finding(FindingKind.TOOK_TOO_LONG, Severity.FAILURE, "Migration " + from + "->" + (from + 1)
                        + " took too long (" + Math.round(seconds) + " s > 60 s)", from + "->" + (from + 1), s));
            }
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put("engine", "mariadb");
        info.put("startedAt", Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(24L * index - 24L * runs + 24L * 1000)).toString());
        return new RunResult(RunResult.SCHEMA_VERSION, DATASET, Verdict.of(findings), String.valueOf(1000 + steps),
                String.valueOf(1000 + steps), all.stream().mapToLong(Step::durationMs).sum(), info, findings, all);
    }

    /** Opens the page in headless Chromium, which turns every page of trends and opens a step's history. */
    private static void browse(Path report, Path folder) throws IOException, InterruptedException {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            System.out.println("  page: Chromium not installed, not measured");
            return;
        }
        Path profile = Files.createTempDirectory(folder, "profile-");
        Path dom = folder.resolve("dom.html");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--dump-dom", report.toUri() + "#measure")
                .redirectOutput(dom.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            System.out.println("  page: Chromium did not finish in 120 s");
            return;
        }
        double wall = seconds(System.nanoTime() - t0);
        String body = Files.readString(dom, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "  page in headless Chromium: first page of charts drawn in %s ms after the script "
                        + "started; %s pages turned, %s ms each on average, %s ms at most; a step's history opened in %s ms; "
                        + "%s script errors; Chromium start to DOM dump %.1f s%n",
                attribute(body, "data-render-ms"), attribute(body, "data-pages"), attribute(body, "data-page-ms-mean"),
                attribute(body, "data-page-ms-max"), attribute(body, "data-drill-ms"), attribute(body, "data-errors"), wall);
    }

    private static String attribute(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : "?";
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
