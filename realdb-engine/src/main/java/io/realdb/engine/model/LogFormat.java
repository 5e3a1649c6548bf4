package io.realdb.engine.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

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
