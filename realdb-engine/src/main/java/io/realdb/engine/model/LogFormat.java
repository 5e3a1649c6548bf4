package io.realdb.engine.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Line shapes of the run log that the writer ({@code RunLog}) and the reader ({@code LogReader})
 * share; see {@code docs/log-format.md}.
 */
public final class LogFormat {

    /**
     * How realdb stamps a line: UTC with its offset and milliseconds, {@code 2026-11-29T19:49:43.084Z},
     * whatever the machine's zone, so that durations across a change of the clocks are right and
     * logs from agents in different zones compare. The reader also takes other offsets
     * ({@code +02:00}) and the local times without a zone of turbo-hipster's and older realdb logs.
     */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A realdb note after a step that ran as a process: {@code Process time: 4123 ms}. */
    public static final String PROCESS_TIME = "Process time: ";
    public static final String PROCESS_TIME_UNIT = " ms";

    /**
     * The tag of the lines that tell a step's online impact, written after the step's
     * {@code done} (or its failure) and before its counters; they belong to the step that started
     * last.
     */
    public static final String IMPACT_TAG = "impact";

    private static final String PROBES = "Probes: ";
    private static final String READ_WAIT = "Read wait: ";
    private static final String WRITE_WAIT = "Write wait: ";
    private static final String LOCK = "Lock: ";
    private static final String REWRITTEN = "Rewritten: ";
    private static final String MS = " ms";

    /**
     * What realdb's probes did during a step, first of its impact lines:
     * {@code Probes: 412 reads, longest 3 ms; 398 writes, longest 1832 ms; blocked over 200 ms}.
     */
    public record ProbeSummary(long reads, long longestReadMs, long writes, long longestWriteMs, long thresholdMs) {

        public String text() {
            return PROBES + reads + " reads, longest " + longestReadMs + MS + "; " + writes + " writes, longest "
                    + longestWriteMs + MS + "; blocked over " + thresholdMs + MS;
        }
    }

    /**
     * One probe that waited longer than the threshold, {@code waitedMs} from {@code fromMs} after
     * the step started: {@code Write wait: 1832 ms from +412 ms on instances}. The table is the
     * rest of the line, whatever characters its name has.
     */
    public record ProbeWait(StepImpact.Access access, String table, long fromMs, long waitedMs) {

        public String text() {
            return (access == StepImpact.Access.READ ? READ_WAIT : WRITE_WAIT) + waitedMs + MS + " from +" + fromMs
                    + MS + " on " + table;
        }
    }

    /** {@code Lock: MDL_SHARED_NO_WRITE on instances}. */
    public static String lockLine(StepImpact.TableLock lock) {
        return LOCK + lock.mode() + " on " + lock.table();
    }

    /** {@code Rewritten: instances}. */
    public static String rewriteLine(String table) {
        return REWRITTEN + table;
    }

    /** An impact line read back: one of {@link ProbeSummary}, {@link ProbeWait}, {@link StepImpact.TableLock}, or a rewritten table's name. */
    public sealed interface ImpactLine permits ImpactLine.Summary, ImpactLine.Wait, ImpactLine.Lock, ImpactLine.Rewrite {
        record Summary(ProbeSummary summary) implements ImpactLine {
        }

        record Wait(ProbeWait probeWait) implements ImpactLine {
        }

        record Lock(StepImpact.TableLock lock) implements ImpactLine {
        }

        record Rewrite(String table) implements ImpactLine {
        }
    }

    /** Reads the text of an impact line, or null when it has none of the shapes. */
    public static ImpactLine parseImpact(String text) {
        if (text.startsWith(PROBES)) {
            return parseSummary(text.substring(PROBES.length()));
        }
        if (text.startsWith(READ_WAIT)) {
            return parseWait(StepImpact.Access.READ, text.substring(READ_WAIT.length()));
        }
        if (text.startsWith(WRITE_WAIT)) {
            return parseWait(StepImpact.Access.WRITE, text.substring(WRITE_WAIT.length()));
        }
        if (text.startsWith(LOCK)) {
            String rest = text.substring(LOCK.length());
            int on = rest.indexOf(" on ");
            if (on <= 0 || on + 4 >= rest.length()) {
                return null;
            }
            return new ImpactLine.Lock(new StepImpact.TableLock(rest.substring(on + 4), rest.substring(0, on)));
        }
        if (text.startsWith(REWRITTEN) && text.length() > REWRITTEN.length()) {
            return new ImpactLine.Rewrite(text.substring(REWRITTEN.length()));
        }
        return null;
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d{1,18}) reads, longest (\\d{1,18}) ms; (\\d{1,18}) writes, longest (\\d{1,18}) ms; blocked over (\\d{1,18}) ms");
    private static final Pattern WAIT = Pattern.compile(
            "(\\d{1,18}) ms from \\+(\\d{1,18}) ms on (.+)");

    private static ImpactLine parseSummary(String rest) {
        Matcher m = SUMMARY.matcher(rest);
        if (!m.matches()) {
            return null;
        }
        return new ImpactLine.Summary(new ProbeSummary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
    }

    private static ImpactLine parseWait(StepImpact.Access access, String rest) {
        Matcher m = WAIT.matcher(rest);
        if (!m.matches()) {
            return null;
        }
        return new ImpactLine.Wait(new ProbeWait(access, m.group(3), Long.parseLong(m.group(2)), Long.parseLong(m.group(1))));
    }

    /**
     * What migration tools print when they start the migration itself, after their own start-up:
     * Alembic's {@code Running upgrade A -> B} and {@code Running downgrade B -> A}, Flyway's
     * {@code Migrating schema `db` to version "2 - name"}, realdb's undo of a Flyway migration,
     * and Liquibase's {@code Running Changeset: file::id::author} and
     * {@code Rolling Back Changeset: file::id::author}. A step's duration runs from the first of
     * these in its output.
     */
    public static final List<Marker> TOOL_MARKERS = List.of(
            new Marker("Running upgrade ", " -> "), new Marker("Running downgrade ", " -> "),
            new Marker("Migrating schema ", " to version "), new Marker("Undoing migration of schema ", " to version "),
            new Marker("Running Changeset: ", "::"), new Marker("Rolling Back Changeset: ", "::"));

    /**
     * A marker: its words, and what must follow them on the line, so that a wrapper's own
     * "Running upgrade for nova" is not taken for the tool's.
     */
    public record Marker(String words, String then) {
    }

    private LogFormat() {
    }

    /** A line's timestamp as realdb writes it. */
    public static String timestamp(Instant time) {
        return TIMESTAMP.format(time);
    }

    /** A whole line: timestamp, tag in brackets, text. */
    public static String line(Instant time, String tag, String text) {
        return timestamp(time) + " [" + tag + "] " + text;
    }

    /** Whether {@code line}, from {@code start} on, is a tool's marker line. */
    public static boolean isToolMarker(String line, int start) {
        for (Marker marker : TOOL_MARKERS) {
            int at = line.indexOf(marker.words(), start);
            if (at >= 0 && line.indexOf(marker.then(), at + marker.words().length()) >= 0) {
                return true;
            }
        }
        return isCountedStep(line, start);
    }

    /**
     * sqlalchemy-migrate's marker, the line turbo-hipster's logs show as realdb's own:
     * {@code 133 -> 134... } before the migration runs.
     */
    private static boolean isCountedStep(String line, int start) {
        int arrow = line.indexOf(" -> ", start);
        if (arrow <= start) {
            return false;
        }
        for (int i = start; i < arrow; i++) {
            if (!Character.isDigit(line.charAt(i))) {
                return false;
            }
        }
        return line.indexOf("...", arrow) > arrow;
    }
}
