package io.realdb.engine.analysis;

import io.realdb.engine.model.Limits;
import io.realdb.engine.model.RunResult;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: shows that analysing a log takes time in proportion to its lines and memory in
 * proportion to its steps. Writes a log of at least five million lines in realdb's format (or
 * takes one), analyses it a few times and prints lines per second and the peak heap. Run it
 * with a small heap ({@code bench/analyze.sh} uses {@code -Xmx64m}).
 *
 * <p>Arguments: {@code [lines]} to write a log of that many lines (default 5000000), or
 * {@code --log FILE} to analyse a given log, or {@code --write FILE [lines]} only to write one.
 */
public final class AnalyzeBenchmark {

    private static final int RUNS = 3;
    private static final int TOOL_LINES_PER_STEP = 240;
    private static final String[] TOOL_OUTPUT = {
        "INFO  [alembic.runtime.migration] Context impl MySQLImpl.",
        "INFO  [alembic.runtime.migration] Will assume non-transactional DDL.",
        "ALTER TABLE instances ADD COLUMN locked_by ENUM('owner','admin') NULL",
        "Query OK, 48213 rows affected (2.31 sec)",
        "Records: 48213  Duplicates: 0  Warnings: 0",
        "UPDATE block_device_mapping SET deleted = id WHERE deleted = 1 AND instance_uuid IN (SELECT uuid FROM instances)",
        "nova.db.sqlalchemy.migration: module references __file__",
        "Warning: Using a password on the command line interface can be insecure.",
        "CREATE INDEX instances_host_node_deleted_idx ON instances (host, node, deleted)",
        "",
    };

    private AnalyzeBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length >= 2 && args[0].equals("--write")) {
            long lines = args.length > 2 ? Long.parseLong(args[2]) : 5_000_000L;
            long written = write(Path.of(args[1]), lines);
            System.out.printf(Locale.ROOT, "wrote    %,d lines, %,d bytes to %s%n", written, Files.size(Path.of(args[1])),
                    args[1]);
            return;
        }
        Path log;
        boolean generated = args.length < 2 || !args[0].equals("--log");
        if (generated) {
            long lines = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
            log = Files.createTempFile("realdb-bench-", ".log");
            long started = System.nanoTime();
            long written = write(log, lines);
            System.out.printf(Locale.ROOT, "wrote    %,d lines, %,d bytes to %s in %.1f s%n",
                    written, Files.size(log), log, seconds(System.nanoTime() - started));
        } else {
            log = Path.of(args[1]);
        }
        try {
            Limits limits = new Limits(Map.of("default", 60.0), Map.of("default", 100_000L),
                    Map.of("default", 100_000L), Map.of());
            AnalysisOptions options = new AnalysisOptions("bench", limits, null);
            System.out.printf(Locale.ROOT, "max heap %,d MB%n", Runtime.getRuntime().maxMemory() >> 20);
            for (int run = 1; run <= RUNS; run++) {
                analyse(log, options, run);
            }
        } finally {
            if (generated) {
                Files.deleteIfExists(log);
            }
        }
    }

    private static void analyse(Path log, AnalysisOptions options, int run) throws InterruptedException {
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong lines = new AtomicLong();
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        long started = System.nanoTime();
        RunResult result = LogAnalyzer.analyze(log, options.withLineListener(line -> lines.incrementAndGet()));
        long elapsed = System.nanoTime() - started;
        sampler.interrupt();
        sampler.join();
        long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        // The result is read below, so it is still held here: this is what the analysis keeps.
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        double secs = seconds(elapsed);
        System.out.printf(Locale.ROOT,
                "run %d    %,d lines, %,d steps, %d findings, verdict %s: %.2f s, %,.0f lines/s, %,.0f MB/s;"
                        + " heap used before %.1f MB, sampled peak %.1f MB, sum of pool peaks %.1f MB,"
                        + " after GC with the result held %.1f MB%n",
                run, lines.get(), result.steps().size(), result.findings().size(), result.verdict(),
                secs, lines.get() / secs, mb(sizeOf(log)) / secs,
                mb(before), mb(sampler.peak), mb(poolPeaks), mb(retained));
    }

    /** Samples the heap in use, as the pools' peaks add up peaks of different moments. */
    private static final class HeapSampler extends Thread {
        volatile long peak;

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * A realdb run: four phases of steps, each step with a few hundred lines of tool output,
     * a heartbeat now and then, and a counter block after its {@code done}.
     */
    static long write(Path log, long minimumLines) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        // A step is its start, its tool output, its done and four counter lines.
        long linesPerPhase = (minimumLines + 3) / 4;
        long perPhase = linesPerPhase / (TOOL_LINES_PER_STEP + 6) + 1;
        String[] phases = {"upgrade-trunk", "upgrade-change", "downgrade", "upgrade-again"};
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), 1 << 16)) {
            LineWriter lines = new LineWriter(out);
            lines.write("realdb", "Expected final version is " + (1000 + perPhase));
            long read = 0;
            long changed = 0;
            for (int phase = 0; phase < phases.length; phase++) {
                lines.write("realdb", "Phase " + phases[phase]);
                boolean down = phase == 2;
                long version = down ? 1000 + perPhase : 1000;
                for (long step = 0; step < perPhase; step++) {
                    long next = down ? version - 1 : version + 1;
                    lines.write("output", version + " -> " + next + "...");
                    for (int i = 0; i < TOOL_LINES_PER_STEP; i++) {
                        lines.tick(random.nextInt(40));
                        if (i % 50 == 49) {
                            lines.write("heartbeat", "");
                        } else if (i % 97 == 96) {
                            lines.bare("    at line " + i + " of the traceback");
                        } else {
                            String text = TOOL_OUTPUT[random.nextInt(TOOL_OUTPUT.length)];
                            lines.write(i % 7 == 0 ? "stderr" : "stdout", text);
                        }
                    }
                    lines.write("output", "done");
                    read += random.nextInt(200_000);
                    changed += random.nextInt(50_000);
                    lines.write("output", "Innodb_rows_read\t" + read);
                    lines.write("output", "Innodb_rows_inserted\t" + changed);
                    lines.write("output", "Innodb_rows_updated\t" + changed / 3);
                    lines.write("output", "Innodb_rows_deleted\t" + changed / 7);
                    version = next;
                }
                if (phase == 1 || phase == 3) {
                    lines.write("output", "Final schema version is " + version);
                }
            }
            return lines.count;
        }
    }

    /** Writes timestamped lines quickly: the date and time change once a second at most. */
    private static final class LineWriter {
        private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        private final Writer out;
        private long millis = LocalDateTime.of(2026, 3, 1, 2, 0).toEpochSecond(ZoneOffset.UTC) * 1000;
        private long prefixSecond = -1;
        private String prefix;
        long count;

        LineWriter(Writer out) {
            this.out = out;
        }

        void tick(long byMillis) {
            millis += byMillis;
        }

        void write(String tag, String text) throws IOException {
            long second = millis / 1000;
            if (second != prefixSecond) {
                prefixSecond = second;
                prefix = SECONDS.format(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC));
            }
            int ms = (int) (millis % 1000);
            out.write(prefix);
            out.write(',');
            out.write((char) ('0' + ms / 100));
            out.write((char) ('0' + ms / 10 % 10));
            out.write((char) ('0' + ms % 10));
            out.write(" [");
            out.write(tag);
            out.write(']');
            if (!text.isEmpty()) {
                out.write(' ');
                out.write(text);
            }
            out.write('\n');
            count++;
        }

        void bare(String text) throws IOException {
            out.write(text);
            out.write('\n');
            count++;
        }
    }

    private static long sizeOf(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
