package io.realdb.engine.db;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;
import io.realdb.engine.process.ProcessRunner;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Restores a {@code pg_dump} seed with PostgreSQL's own programs, as the run's user, as
 * {@code pg_restore --no-owner --no-privileges} does: custom and tar archives through
 * {@code pg_restore}; plain SQL (gzipped or not) through {@code psql}, with the statements that
 * give objects to other roles or grant to them left out, and a {@code CREATE DATABASE} and
 * {@code \connect} of a dump made with {@code --create} passed over. The first failing statement
 * stops the restore. The password reaches the programs in their environment.
 */
final class PostgresSeed {

    private static final Pattern OWNER = Pattern.compile("(?i)^ALTER\\s+.*\\s+OWNER\\s+TO\\s+.*;\\s*$");
    private static final Pattern PRIVILEGES = Pattern.compile("(?i)^(GRANT|REVOKE)\\s.*;\\s*$");
    private static final Pattern CREATE_DATABASE = Pattern.compile("(?i)^(CREATE|DROP)\\s+DATABASE\\s.*;\\s*$");
    private static final Pattern CONNECT = Pattern.compile("^\\\\(connect|c)\\s.*$");
    private static final Pattern COPY_FROM_STDIN = Pattern.compile("(?i)^COPY\\s.*\\sFROM\\s+stdin;\\s*$");
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int OUTPUT_LIMIT = 64 * 1024;

    private PostgresSeed() {
    }

    static SeedRestorer.Progress restore(PostgresServer server, ConnectionInfo as, String database, Path seed,
                                         Consumer<SeedRestorer.Progress> progress) {
        long start = System.nanoTime();
        if (!Files.isRegularFile(seed)) {
            throw new BadInputException("seed file '" + seed + "' does not exist or is not a file");
        }
        long total;
        byte[] head;
        try (InputStream in = Files.newInputStream(seed)) {
            total = Files.size(seed);
            head = in.readNBytes(5);
        } catch (IOException e) {
            throw new BadInputException("cannot read the seed file '" + seed + "': " + e.getMessage(), e);
        }
        ConnectionInfo who = as != null ? as : server.admin();
        boolean archive = new String(head, StandardCharsets.ISO_8859_1).startsWith("PGDMP") || isTar(seed);
        if (archive) {
            List<String> command = List.of(PostgresBinaries.locate("pg_restore").client("pg_restore").toString(),
                    "--no-owner", "--no-privileges", "--exit-on-error", "--dbname=" + database, seed.toString());
            String output = run(command, who, database, null, seed);
            SeedRestorer.Progress done = new SeedRestorer.Progress(countItems(output), total, total,
                    Duration.ofNanos(System.nanoTime() - start));
            progress.accept(done);
            return done;
        }
        List<String> command = List.of(PostgresBinaries.locate("psql").client("psql").toString(),
                "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--dbname=" + database, "--file=-");
        AtomicLong statements = new AtomicLong();
        AtomicLong read = new AtomicLong();
        Feeder feeder = out -> {
            boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            try (CountingInput counted = new CountingInput(Files.newInputStream(seed), read);
                 InputStream in = new BufferedInputStream(gzip ? new GZIPInputStream(counted, 1 << 16) : counted, 1 << 16)) {
                filter(in, out, statements, now -> progress.accept(new SeedRestorer.Progress(statements.get(),
                        read.get(), total, Duration.ofNanos(now - start))));
            }
        };
        run(command, who, database, feeder, seed);
        SeedRestorer.Progress done = new SeedRestorer.Progress(statements.get(), total, total,
                Duration.ofNanos(System.nanoTime() - start));
        progress.accept(done);
        return done;
    }

    private static boolean isTar(Path seed) {
        try (InputStream in = Files.newInputStream(seed)) {
            byte[] block = in.readNBytes(512);
            return block.length == 512 && new String(block, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar");
        } catch (IOException e) {
            return false;
        }
    }

    private static long countItems(String output) {
        return output.lines().filter(l -> l.startsWith("pg_restore: creating") || l.startsWith("pg_restore: processing")).count();
    }

    @FunctionalInterface
    private interface Feeder {
        void feed(OutputStream out) throws IOException;
    }

    /**
     * Copies the dump line by line, leaving out what gives objects to other roles; the data of a
     * {@code COPY ... FROM stdin} goes through untouched up to its {@code \.}.
     */
    private static void filter(InputStream in, OutputStream out, AtomicLong statements,
                               java.util.function.LongConsumer report) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean inCopy = false;
        long lastReport = System.nanoTime();
        int b;
        while (true) {
            line.reset();
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                break;
            }
            byte[] bytes = line.toByteArray();
            boolean keep = true;
            if (inCopy) {
                if (bytes.length == 2 && bytes[0] == '\\' && bytes[1] == '.') {
                    inCopy = false;
                }
            } else if (bytes.length > 0 && bytes.length < 4096) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (OWNER.matcher(text).matches() || PRIVILEGES.matcher(text).matches()
                        || CREATE_DATABASE.matcher(text).matches() || CONNECT.matcher(text).matches()) {
                    keep = false;
                } else if (COPY_FROM_STDIN.matcher(text).matches()) {
                    inCopy = true;
                    statements.incrementAndGet();
                } else if (text.stripTrailing().endsWith(";")) {
                    statements.incrementAndGet();
                }
            }
            // A line left out leaves an empty one, so that psql's line numbers are the file's.
            if (keep) {
                out.write(bytes);
            }
            out.write('\n');
            long now = System.nanoTime();
            if (now - lastReport >= REPORT_EVERY_NANOS) {
                lastReport = now;
                report.accept(now);
            }
            if (b == -1) {
                break;
            }
        }
    }

    /**
     * Runs a client program as {@code who}, feeding it, and fails with its output when it fails:
     * a refused statement is the seed's, a server that went away the infrastructure's.
     */
    private static String run(List<String> command, ConnectionInfo who, String database, Feeder feeder, Path seed) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.putAll(PostgresEnvironment.libpq(who, database));
        if (feeder == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InfrastructureException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    synchronized (output) {
                        if (output.size() < OUTPUT_LIMIT) {
                            output.write(buffer, 0, Math.min(n, OUTPUT_LIMIT - output.size()));
                        }
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "realdb-seed-output");
        reader.setDaemon(true);
        reader.start();
        IOException feedFailure = null;
        if (feeder != null) {
            try (OutputStream in = process.getOutputStream()) {
                feeder.feed(in);
            } catch (IOException e) {
                feedFailure = e;
            }
        }
        int exit;
        try {
            exit = process.waitFor();
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            ProcessRunner.killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while restoring the seed", e);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8).strip();
        }
        if (exit == 0 && feedFailure == null) {
            return text;
        }
        if (feedFailure != null && exit == 0) {
            throw new SeedRestoreException(seed, 0, 0, "cannot read it: " + feedFailure.getMessage(), feedFailure);
        }
        String tail = text.lines().skip(Math.max(0, text.lines().count() - 10)).reduce((a, b) -> a + "\n" + b).orElse("");
        if (tail.contains("could not connect") || tail.contains("server closed the connection") || tail.contains("terminating connection")) {
            throw new InfrastructureException(command.get(0) + " lost the server while restoring the seed: " + tail);
        }
        java.util.regex.Matcher at = Pattern.compile("psql:[^:]*:(\\d+): ERROR:\\s*(.*)").matcher(tail);
        if (at.find()) {
            throw new SeedRestoreException(seed, Long.parseLong(at.group(1)), 0, at.group(2), null);
        }
        throw new SeedRestoreException(seed, 0, 0, Path.of(command.get(0)).getFileName() + " exited with " + exit + ": " + tail, null);
    }

    /** Counts the bytes read from the file itself, compressed or not. */
    private static final class CountingInput extends java.io.FilterInputStream {
        private final AtomicLong count;

        CountingInput(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = super.read(bytes, offset, length);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
