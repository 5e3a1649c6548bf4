package io.realdb.engine.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Not a test: shows how many lines a second the sanitiser cleans, as every line of a run and of
 * an analysed log passes it. The lines are a mix like a migration log's: turbo-hipster's three
 * fixture logs as they are, and realdb's own line shapes around the output of Alembic, Flyway,
 * Liquibase and the MySQL client (revision ids, checksums, SQL, row counts, URLs without
 * passwords). Prints lines per second for the best of several passes.
 *
 * <p>Arguments: {@code [lines]} per pass (default 1000000).
 */
public final class SanitizeBenchmark {

    private static final int PASSES = 7;
    private static final String[] FIXTURES = {"20131007_devstack_export.log", "user_001.log", "logcontent"};
    private static final String[] TOOL_OUTPUT = {
        "INFO  [alembic.runtime.migration] Context impl MySQLImpl.",
        "INFO  [alembic.runtime.migration] Will assume non-transactional DDL.",
        "INFO  [alembic.runtime.migration] Running upgrade 3b2f1c9a7d4e -> 9c1e4d7a2b8f, add locked_by to instances",
        "Migrating schema `nova` to version \"1.12 - add column\"",
        "Successfully validated 14 migrations (execution time 00:00.031s)",
        "Current version of schema `nova`: 1.11",
        "Running Changeset: db/changelog/db.changelog-master.xml::17::alice",
        "MD5SUM of changeset 17 is 9:2f1e8c4b7a9d3e6f0b1c2d3e4f5a6b7c",
        "installed_rank=12 checksum=-1472930215 version=1.12",
        "ALTER TABLE instances ADD COLUMN locked_by ENUM('owner','admin') NULL",
        "Query OK, 48213 rows affected (2.31 sec)",
        "Records: 48213  Duplicates: 0  Warnings: 0",
        "UPDATE block_device_mapping SET deleted = id WHERE deleted = 1 AND instance_uuid IN (SELECT uuid FROM instances)",
        "instance 6f1c2b7e-4a3d-4e8f-9b0a-1c2d3e4f5a6b moved to cell 2",
        "HEAD is now at 1f0e3dad99908345f7439f8ffabdffc4c2e6b3a2 Merge \"Remove unused column\"",
        "Fetching https://review.example.org/nova refs/changes/15/65615/3",
        "nova.db.sqlalchemy.migration: module references __file__",
        "Warning: Using a password on the command line interface can be insecure.",
        "CREATE INDEX instances_host_node_deleted_idx ON instances (host, node, deleted)",
        "",
    };

    private SanitizeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> mix = mix();
        Sanitizer sanitizer = Sanitizer.standard().withSecret("tester").withSecret("s3cr3t-Passw0rd");
        System.out.printf(Locale.ROOT, "mix      %,d distinct lines, %.0f characters a line on average%n",
                mix.size(), mix.stream().mapToInt(String::length).average().orElse(0));
        double best = 0;
        for (int pass = 1; pass <= PASSES; pass++) {
            Sanitizer.Lines cleaner = sanitizer.lines();
            long characters = 0;
            long started = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                characters += cleaner.clean(mix.get(i % mix.size())).length();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            best = Math.max(best, lines / seconds);
            System.out.printf(Locale.ROOT, "pass %d   %,d lines in %.3f s: %,.0f lines/s (%,d characters out)%n",
                    pass, lines, seconds, lines / seconds, characters);
        }
        System.out.printf(Locale.ROOT, "best     %,.0f lines/s%n", best);
    }

    /** The fixture logs' lines, then as many lines in realdb's own shapes. */
    private static List<String> mix() throws IOException {
        List<String> mix = new ArrayList<>();
        for (String name : FIXTURES) {
            try (InputStream in = SanitizeBenchmark.class.getResourceAsStream("/turbo-hipster/logs/" + name)) {
                mix.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        int fixtureLines = mix.size();
        for (int i = 0; i < fixtureLines; i++) {
            String time = String.format(Locale.ROOT, "2026-03-01 02:%02d:%02d,%03d",
                    i / 3600 % 60, i / 60 % 60, random.nextInt(1000));
            String tag = i % 7 == 0 ? "stderr" : "stdout";
            mix.add(time + " [" + tag + "] " + TOOL_OUTPUT[random.nextInt(TOOL_OUTPUT.length)]);
        }
        return mix;
    }
}
