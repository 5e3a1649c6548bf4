package io.realdb.engine.log;

import io.realdb.engine.InfrastructureException;
import io.realdb.engine.model.LogFormat;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.StepImpact;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The run's plain-text log, in the line shapes of {@code docs/log-format.md}. Every line passes
 * the sanitiser first; every line is flushed, so that a run that dies leaves a readable log.
 */
public final class RunLog implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private final Sanitizer sanitizer;
    private final Clock clock;
    /** A key printed over several lines is masked per stream, and never beyond its step. */
    private Sanitizer.Lines stdoutCleaner;
    private Sanitizer.Lines stderrCleaner;
    private final Consumer<String> listener;
    private boolean closed;

    private RunLog(Path file, BufferedWriter writer, Sanitizer sanitizer, Clock clock, Consumer<String> listener) {
        this.file = file;
        this.writer = writer;
        this.sanitizer = sanitizer;
        this.clock = clock;
        resetCleaners();
        this.listener = listener;
    }

    /**
     * Opens {@code file} for writing, replacing an earlier log.
     *
     * @param listener sees every line as written (sanitised), for progress on a console
     */
    public static RunLog create(Path file, Sanitizer sanitizer, Consumer<String> listener) {
        return create(file, sanitizer, listener, Clock.systemUTC());
    }

    /** The same, stamping lines with {@code clock}'s time. */
    public static RunLog create(Path file, Sanitizer sanitizer, Consumer<String> listener, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            return new RunLog(file, writer, sanitizer, clock, listener);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the log " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Sanitizer sanitizer() {
        return sanitizer;
    }

    /** realdb's own note. */
    public void note(String text) {
        write("realdb", text);
    }

    public synchronized void stepStart(String from, String to) {
        resetCleaners();
        write("output", from + " -> " + to + "...");
    }

    private void resetCleaners() {
        stdoutCleaner = sanitizer.lines();
        stderrCleaner = sanitizer.lines();
    }

    /** How long a step's process ran, measured on a monotonic clock from its start to its exit. */
    public void processTime(java.time.Duration elapsed) {
        note(LogFormat.PROCESS_TIME + elapsed.toMillis() + LogFormat.PROCESS_TIME_UNIT);
    }

    public void stepDone() {
        write("output", "done");
    }

    public void stepFailed(String from, String to, String reason) {
        note("Migration " + from + " -> " + to + " failed: " + reason);
    }

    public void phase(String phaseId) {
        note("Phase " + phaseId);
    }

    /**
     * The server's cumulative row counters, as {@code Innodb_rows_read} and so on (turbo-hipster's
     * lines) for {@code Innodb}, or as {@code Rows_read} and so on for any other prefix.
     */
    public void counters(String prefix, RowCounts counts) {
        String base = "Innodb".equals(prefix) ? "Innodb_rows" : "Rows";
        write("output", base + "_deleted\t" + counts.deleted());
        write("output", base + "_inserted\t" + counts.inserted());
        write("output", base + "_read\t" + counts.read());
        write("output", base + "_updated\t" + counts.updated());
    }

    /** The first of a step's impact lines: what the probes did. */
    public void probeSummary(LogFormat.ProbeSummary summary) {
        write(LogFormat.IMPACT_TAG, summary.text());
    }

    /** A probe that waited longer than the threshold. */
    public void probeWait(LogFormat.ProbeWait wait) {
        write(LogFormat.IMPACT_TAG, wait.text());
    }

    /** A lock the migration held on a table while the step ran. */
    public void lockHeld(StepImpact.TableLock lock) {
        write(LogFormat.IMPACT_TAG, LogFormat.lockLine(lock));
    }

    /** A table whose storage the step replaced. */
    public void rewritten(String table) {
        write(LogFormat.IMPACT_TAG, LogFormat.rewriteLine(table));
    }

    public void expectedFinalVersion(String version) {
        note("Expected final version is " + version);
    }

    public void finalVersion(String version) {
        write("output", "Final schema version is " + version);
    }

    public void seedRestoreFailed(String reason) {
        note("Seed restore failed: " + reason);
    }

    public void toolCouldNotRun(String reason) {
        note("Migration tool could not run: " + reason);
    }

    public void infrastructureError(String reason) {
        note("Infrastructure error: " + reason);
    }

    /**
     * The closing line of a run that was told to stop (SIGTERM, SIGINT) before it ended, so
     * that the log judges as what it was; nothing once the log is closed.
     */
    public synchronized void interrupted() {
        if (!closed) {
            infrastructureError("the run was interrupted before it ended (realdb was told to stop)");
            // Nothing the run writes while it is being stopped may follow the closing line.
            closed = true;
        }
    }

    /** One line of a migration tool's output. */
    public synchronized void toolOutput(boolean stderr, String line) {
        Sanitizer.Lines cleaner = stderr ? stderrCleaner : stdoutCleaner;
        writeClean(stderr ? "stderr" : "stdout", cleaner.clean(flat(withoutColours(line))));
    }

    /**
     * A tool's terminal escape sequences (colours, cursor moves) taken out: they would hide the
     * text from the sanitiser, the analyser and the reader.
     */
    static String withoutColours(String line) {
        int escape = line.indexOf('\u001B');
        if (escape < 0) {
            return line;
        }
        StringBuilder clean = new StringBuilder(line.length());
        int i = 0;
        while (escape >= 0) {
            clean.append(line, i, escape);
            i = escape + 1;
            if (i < line.length() && line.charAt(i) == '[') {
                // CSI: parameters and intermediates, then one final byte in @..~
                i++;
                while (i < line.length() && (line.charAt(i) < '@' || line.charAt(i) > '~')) {
                    i++;
                }
                i = Math.min(i + 1, line.length());
            } else if (i < line.length() && line.charAt(i) == ']') {
                // OSC: up to BEL or ESC \
                int bell = line.indexOf('\u0007', i);
                int st = line.indexOf("\u001B\\", i);
                int end = bell < 0 ? st : st < 0 ? bell : Math.min(bell, st);
                i = end < 0 ? line.length() : end + (end == bell ? 1 : 2);
            } else {
                // Other escapes: intermediate bytes, then one final byte (ESC ( B, ESC 7, ...)
                while (i < line.length() && line.charAt(i) >= ' ' && line.charAt(i) <= '/') {
                    i++;
                }
                i = Math.min(i + 1, line.length());
            }
            escape = line.indexOf('\u001B', i);
        }
        clean.append(line, Math.min(i, line.length()), line.length());
        return clean.toString();
    }

    private synchronized void write(String tag, String text) {
        writeClean(tag, sanitizer.clean(flat(text)));
    }

    private static String flat(String text) {
        return text.replace("\r", "").replace("\n", " ");
    }

    private void writeClean(String tag, String clean) {
        if (closed) {
            return;
        }
        String line = LogFormat.line(clock.instant(), tag, clean);
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new InfrastructureException("cannot write the log " + file + " (disk full?): " + e.getMessage(), e);
        }
        if (listener != null) {
            listener.accept(line);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
