package io.realdb.engine.analysis;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Writes small logs for tests, with timestamps that move only when told. */
final class LogBuilder {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private LocalDateTime time = LocalDateTime.of(2014, 1, 16, 7, 0, 0);
    private final StringBuilder log = new StringBuilder();

    /** Moves the clock for the lines that follow. */
    LogBuilder after(long millis) {
        time = time.plusNanos(millis * 1_000_000);
        return this;
    }

    String now() {
        return TIMESTAMP.format(time);
    }

    LogBuilder line(String tag, String text) {
        log.append(now()).append(" [").append(tag).append(']');
        if (!text.isEmpty()) {
            log.append(' ').append(text);
        }
        log.append('\n');
        return this;
    }

    LogBuilder output(String text) {
        return line("output", text);
    }

    LogBuilder realdb(String text) {
        return line("realdb", text);
    }

    LogBuilder impact(String text) {
        return line("impact", text);
    }

    LogBuilder stdout(String text) {
        return line("stdout", text);
    }

    /** A line without a timestamp, as a tool that printed into turbo-hipster's log left it. */
    LogBuilder bare(String text) {
        log.append(text).append('\n');
        return this;
    }

    LogBuilder start(String from, String to) {
        return output(from + " -> " + to + "...");
    }

    LogBuilder done() {
        return output("done");
    }

    LogBuilder step(String from, String to, long millis) {
        return start(from, to).after(millis).done();
    }

    LogBuilder counters(long read, long inserted, long updated, long deleted) {
        return output("Innodb_rows_deleted\t" + deleted)
                .output("Innodb_rows_inserted\t" + inserted)
                .output("Innodb_rows_read\t" + read)
                .output("Innodb_rows_updated\t" + updated);
    }

    LogBuilder finalVersion(String version) {
        return output("Final schema version is " + version);
    }

    String build() {
        return log.toString();
    }

    LogReading read() {
        try {
            return new LogReader().read(new StringReader(build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
