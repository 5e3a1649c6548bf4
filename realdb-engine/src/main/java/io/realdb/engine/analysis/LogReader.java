package io.realdb.engine.analysis;

import io.realdb.engine.model.Direction;
import io.realdb.engine.text.LineReader;
import io.realdb.engine.model.LogFormat;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.RowCounts;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Reads a run log (realdb's, or turbo-hipster's unchanged; see {@code docs/log-format.md}) line
 * by line. Memory grows with the number of steps only, never with the number of lines, so a
 * log of millions of lines of tool output reads in a few megabytes.
 *
 * <p>Nothing in a log stops the reading: lines without a timestamp are continuation text, bytes
 * that are not UTF-8 become U+FFFD, odd lines are noted in {@link LogReading#problems()}, and a
 * log that ends in the middle of a step is read as far as it goes.
 */
public final class LogReader {

    /** Longer lines are cut: every marker is at the start of its line. */
    public static final int MAX_LINE_LENGTH = 64 * 1024;

    static final int MAX_PROBLEMS = 100;

    /** A flood of the same infrastructure error says nothing more than its first hundred lines. */
    static final int MAX_RUN_EVENTS = 100;

    private static final String OUTPUT_TAG = "output]";
    private static final String REALDB_TAG = "realdb]";
    private static final String STDOUT_TAG = "stdout]";
    private static final String STDERR_TAG = "stderr]";
    private static final String IMPACT_TAG = LogFormat.IMPACT_TAG + "]";
    private static final String START_ARROW = " -> ";
    private static final String START_END = "...";
    private static final String DONE = "done";
    private static final String INNODB_ROWS = "Innodb_rows_";
    private static final String ROWS = "Rows_";
    private static final String FINAL_VERSION = "Final schema version is ";
    private static final String PHASE = "Phase ";
    private static final String EXPECTED_VERSION = "Expected final version is ";
    private static final String MIGRATION = "Migration ";
    private static final String FAILED = " failed";
    private static final String SEED_RESTORE_FAILED = "Seed restore failed";
    private static final String TOOL_NOT_RUN = "Migration tool could not run";
    private static final String INFRASTRUCTURE_ERROR = "Infrastructure error";
    private static final String[] COUNTER_NAMES = {"read", "inserted", "updated", "deleted"};

    private final Consumer<String> lineListener;
    private final UnaryOperator<String> lineFilter;
    private final ZoneId zone;

    public LogReader() {
        this(null);
    }

    public LogReader(Consumer<String> lineListener) {
        this(lineListener, null);
    }

    public LogReader(Consumer<String> lineListener, UnaryOperator<String> lineFilter) {
        this(lineListener, lineFilter, ZoneId.systemDefault());
    }

    /**
     * @param lineListener sees every line as read (cut to {@link #MAX_LINE_LENGTH}), before it is
     *                     interpreted; null for none. The command line uses it to print the log.
     * @param lineFilter   rewrites every line first (the command line sanitises old logs with it);
     *                     null for none
     * @param zone         the zone of timestamps written without an offset (turbo-hipster's, and
     *                     realdb's before it wrote UTC)
     */
    public LogReader(Consumer<String> lineListener, UnaryOperator<String> lineFilter, ZoneId zone) {
        this.lineListener = lineListener;
        this.lineFilter = lineFilter;
        this.zone = zone;
    }

    public LogReading read(Path log) throws IOException {
        try (InputStream in = Files.newInputStream(log)) {
            return read(in);
        }
    }

    /** Reads UTF-8, turning malformed bytes into U+FFFD instead of failing. */
    public LogReading read(InputStream log) throws IOException {
        return read(new InputStreamReader(log, lenientUtf8()));
    }

    public LogReading read(Reader log) throws IOException {
        LineReader lines = new LineReader(log, MAX_LINE_LENGTH);
        Reading reading = new Reading(new Timestamps(zone));
        String line;
        while ((line = lines.readLine()) != null) {
            if (lineFilter != null) {
                line = lineFilter.apply(line);
            }
            if (lineListener != null) {
                lineListener.accept(line);
            }
            reading.accept(line);
        }
        if (lines.cutLines() > 0) {
            reading.problem(lines.cutLines() + " line(s) longer than " + MAX_LINE_LENGTH
                    + " characters were cut");
        }
        return reading.finish();
    }

    private static CharsetDecoder lenientUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** The state of one reading; one instance per log. */
    private static final class Reading {

        private final Timestamps timestamps;
        /** Where the tag of the line being read starts, after its timestamp and a blank. */
        private int tagStart;
        private final List<Step> steps = new ArrayList<>();
        private final List<LogEvent> events = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private int runEvents;
        private long problemsLeftOut;
        private long lineNumber;
        private long firstTime = Timestamps.NONE;
        private long lastTime = Timestamps.NONE;
        private String finalVersion;
        private String lastReachedVersion;
        private String expectedFinalVersion;
        private Phase markedPhase;
        private boolean downgraded;
        private PendingStep current;

        private RowCounts previousCounters = RowCounts.ZERO;
        private final long[] counters = new long[COUNTER_NAMES.length];
        private final boolean[] counterSeen = new boolean[COUNTER_NAMES.length];
        private boolean countersPending;
        private boolean countersFollowEnd;

        Reading(Timestamps timestamps) {
            this.timestamps = timestamps;
        }

        void accept(String line) {
            lineNumber++;
            long time = timestamps.read(line);
            if (time == Timestamps.NONE) {
                return;
            }
            int stamp = timestamps.length();
            tagStart = stamp + 2;
            if (line.length() < tagStart || line.charAt(stamp) != ' ' || line.charAt(stamp + 1) != '[') {
                return;
            }
            if (firstTime == Timestamps.NONE) {
                firstTime = time;
            }
            lastTime = time;
            if (line.startsWith(OUTPUT_TAG, tagStart)) {
                output(line, textStart(line, tagStart + OUTPUT_TAG.length()), textEnd(line), time);
            } else if (line.startsWith(REALDB_TAG, tagStart)) {
                realdb(line, textStart(line, tagStart + REALDB_TAG.length()), textEnd(line), time);
            } else if (line.startsWith(IMPACT_TAG, tagStart)) {
                int start = textStart(line, tagStart + IMPACT_TAG.length());
                int end = textEnd(line);
                impact(start < end ? line.substring(start, end) : "");
            } else if (isRunning() && current.markerTime == Timestamps.NONE
                    && (line.startsWith(STDERR_TAG, tagStart) || line.startsWith(STDOUT_TAG, tagStart))
                    && LogFormat.isToolMarker(line, textStart(line, tagStart + STDOUT_TAG.length()))) {
                current.markerTime = time;
            }
        }

        private void output(String line, int start, int end, long time) {
            int length = end - start;
            if (length <= 0) {
                return;
            }
            char first = line.charAt(start);
            if (length == DONE.length() && line.startsWith(DONE, start)) {
                done(time);
            } else if (first == 'I' && line.startsWith(INNODB_ROWS, start)) {
                counter(line, start + INNODB_ROWS.length(), end);
            } else if (first == 'R' && line.startsWith(ROWS, start)) {
                counter(line, start + ROWS.length(), end);
            } else if (first == 'F' && line.startsWith(FINAL_VERSION, start)) {
                finalVersion(line, start + FINAL_VERSION.length(), end);
            } else if (length > START_END.length() && line.startsWith(START_END, end - START_END.length())) {
                start(line, start, end - START_END.length(), time);
            }
        }

        private void start(String line, int start, int end, long time) {
            int arrow = line.indexOf(START_ARROW, start);
            if (arrow < 0 || arrow + START_ARROW.length() > end) {
                return;
            }
            int toStart = arrow + START_ARROW.length();
            if (!isVersion(line, start, arrow) || !isVersion(line, toStart, end)) {
                return;
            }
            String from = line.substring(start, arrow);
            String to = line.substring(toStart, end);
            String at = line.substring(0, tagStart - 2);
            if (isRunning()) {
                notEnded(current, from + " -> " + to + " started next", at);
            }
            begin(from, to, time, at);
        }

        private void begin(String from, String to, long time, String at) {
            settleCurrent();
            current = new PendingStep(steps.size(), phaseOf(StepKey.directionOf(from, to)), from, to, time, at);
        }

        private void done(long time) {
            if (!isRunning()) {
                problem("line " + lineNumber + ": 'done' while no migration was running");
                return;
            }
            current.ended = true;
            // A clock set back must not give a step a negative duration.
            if (current.processMs == null) {
                current.processMs = Math.max(0, time - current.startTime);
            }
            boolean marked = current.markerTime != Timestamps.NONE;
            current.durationMs = marked ? Math.max(0, time - current.markerTime) : current.processMs;
            current.durationSource = marked ? Step.FROM_MARKER : Step.FROM_PROCESS;
            lastReachedVersion = current.to;
        }

        private void counter(String line, int start, int end) {
            int index = -1;
            for (int i = 0; i < COUNTER_NAMES.length; i++) {
                if (line.startsWith(COUNTER_NAMES[i], start)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return;
            }
            int position = start + COUNTER_NAMES[index].length();
            if (position >= end || !isBlank(line.charAt(position))) {
                return;
            }
            while (position < end && isBlank(line.charAt(position))) {
                position++;
            }
            long value = number(line, position, end);
            if (value < 0) {
                problem("line " + lineNumber + ": counter value is not a number: "
                        + line.substring(start, end).trim());
                return;
            }
            if (counterSeen[index]) {
                // A counter read twice means a second reading began (after a seed restore, say).
                flushCounters();
            }
            counters[index] = value;
            counterSeen[index] = true;
            countersPending = true;
            if (current != null && current.ended && current.rows == null && !current.countersClosed) {
                countersFollowEnd = true;
            }
        }

        /**
         * Turns the counter lines read since the last flush into one reading of the cumulative
         * counters: the rows of the step that ended just before them, and the base for the next.
         * A reading ends at the next start, realdb line, phase or repeated counter; turbo-hipster
         * put other status lines between its counters, so other lines do not end it.
         */
        private void flushCounters() {
            if (!countersPending) {
                return;
            }
            RowCounts reading = new RowCounts(
                    counterSeen[0] ? counters[0] : previousCounters.read(),
                    counterSeen[1] ? counters[1] : previousCounters.inserted(),
                    counterSeen[2] ? counters[2] : previousCounters.updated(),
                    counterSeen[3] ? counters[3] : previousCounters.deleted());
            if (countersFollowEnd) {
                current.rows = reading.since(previousCounters);
            }
            previousCounters = reading;
            Arrays.fill(counterSeen, false);
            countersPending = false;
            countersFollowEnd = false;
        }

        private void finalVersion(String line, int start, int end) {
            // The prefix ends in a blank that trimming the line may have taken away.
            String version = start < end ? line.substring(start, end).trim() : "";
            if (version.isEmpty()) {
                problem("line " + lineNumber + ": final schema version without a version");
                return;
            }
            if (isRunning()) {
                notEnded(current, "final schema version " + version + " reported",
                        line.substring(0, tagStart - 2));
            }
            finalVersion = version;
        }

        private void realdb(String line, int start, int end, long time) {
            // realdb writes a counter block in one go, so its own lines end one.
            flushCounters();
            String text = line.substring(start, end);
            String at = line.substring(0, tagStart - 2);
            if (text.startsWith(LogFormat.PROCESS_TIME)) {
                processTime(text);
            } else if (text.startsWith(PHASE)) {
                phase(text.substring(PHASE.length()).trim());
            } else if (text.startsWith(EXPECTED_VERSION)) {
                String version = text.substring(EXPECTED_VERSION.length()).trim();
                expectedFinalVersion = version.isEmpty() ? expectedFinalVersion : version;
            } else if (text.startsWith(TOOL_NOT_RUN)) {
                runEvent(LogEvent.Type.TOOL_NOT_RUN, reason(text.substring(TOOL_NOT_RUN.length())), at);
            } else if (text.startsWith(MIGRATION)) {
                migrationFailed(text, time, at);
            } else if (text.startsWith(SEED_RESTORE_FAILED)) {
                runEvent(LogEvent.Type.SEED_RESTORE_FAILED, reason(text.substring(SEED_RESTORE_FAILED.length())), at);
            } else if (text.startsWith(INFRASTRUCTURE_ERROR)) {
                runEvent(LogEvent.Type.INFRASTRUCTURE_ERROR, reason(text.substring(INFRASTRUCTURE_ERROR.length())), at);
            }
        }

        /** An impact line belongs to the step that started last, ended or not. */
        private void impact(String text) {
            LogFormat.ImpactLine parsed = LogFormat.parseImpact(text);
            if (parsed == null) {
                problem("line " + lineNumber + ": impact line of no known shape: " + text);
            } else if (current == null) {
                problem("line " + lineNumber + ": impact line before any migration");
            } else {
                if (current.impact == null) {
                    current.impact = new ImpactTally();
                }
                current.impact.add(parsed);
            }
        }

        private void processTime(String text) {
            int end = text.length() - (text.endsWith(LogFormat.PROCESS_TIME_UNIT) ? LogFormat.PROCESS_TIME_UNIT.length() : 0);
            long value = number(text, LogFormat.PROCESS_TIME.length(), end);
            if (value < 0) {
                problem("line " + lineNumber + ": process time is not a number: " + text);
            } else if (isRunning()) {
                current.processMs = value;
            }
        }

        private void phase(String id) {
            Phase phase = null;
            for (Phase candidate : Phase.values()) {
                if (candidate.id().equals(id)) {
                    phase = candidate;
                    break;
                }
            }
            if (phase == null) {
                problem("line " + lineNumber + ": unknown phase '" + id + "'");
                return;
            }
            // Counters after a phase change are the new phase's base (realdb writes them after
            // restoring the seed), never the rows of the step before.
            if (current != null) {
                current.countersClosed = true;
            }
            markedPhase = phase;
        }

        private void migrationFailed(String text, long time, String at) {
            int failed = text.indexOf(FAILED, MIGRATION.length());
            int arrow = text.indexOf(START_ARROW, MIGRATION.length());
            if (failed < 0 || arrow < 0 || arrow > failed) {
                return;
            }
            String from = text.substring(MIGRATION.length(), arrow).trim();
            String to = text.substring(arrow + START_ARROW.length(), failed).trim();
            if (from.isEmpty() || to.isEmpty()) {
                return;
            }
            String reason = reason(text.substring(failed + FAILED.length()));
            if (isRunning() && current.from.equals(from) && current.to.equals(to)) {
                notEnded(current, reason, at);
                return;
            }
            if (isRunning()) {
                notEnded(current, "then migration " + from + " -> " + to + " failed", at);
            }
            // realdb names only a step it ran, so the step counts even if its start is missing.
            begin(from, to, time, at);
            notEnded(current, reason, at);
        }

        private void notEnded(PendingStep step, String reason, String at) {
            step.interrupted = true;
            events.add(new LogEvent(LogEvent.Type.MIGRATION_NOT_ENDED, step.index, reason, at));
        }

        private void runEvent(LogEvent.Type type, String reason, String at) {
            if (runEvents < MAX_RUN_EVENTS) {
                events.add(new LogEvent(type, LogEvent.NO_STEP, reason, at));
            }
            runEvents++;
        }

        private Phase phaseOf(Direction direction) {
            if (markedPhase != null) {
                return markedPhase;
            }
            if (direction == Direction.DOWN) {
                downgraded = true;
                return Phase.DOWNGRADE;
            }
            return downgraded ? Phase.UPGRADE_AGAIN : Phase.UPGRADE;
        }

        private boolean isRunning() {
            return current != null && !current.ended && !current.interrupted;
        }

        private void settleCurrent() {
            flushCounters();
            if (current != null) {
                if (current.impact != null && !current.impact.complete()) {
                    problem("migration " + current.from + " -> " + current.to
                            + ": impact lines without their 'Probes:' line are left out");
                    current.impact = null;
                }
                steps.add(current.toStep());
            }
        }

        void problem(String problem) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(problem);
            } else {
                problemsLeftOut++;
            }
        }

        LogReading finish() {
            if (isRunning()) {
                events.add(new LogEvent(LogEvent.Type.END_NOT_FOUND, current.index, null, current.startedAt));
            }
            settleCurrent();
            current = null;
            if (problemsLeftOut > 0) {
                problems.add("and " + problemsLeftOut + " more");
            }
            if (runEvents > MAX_RUN_EVENTS) {
                problem((runEvents - MAX_RUN_EVENTS) + " more error line(s) from realdb left out");
            }
            Long duration = firstTime == Timestamps.NONE ? null : Math.max(0, lastTime - firstTime);
            Instant started = firstTime == Timestamps.NONE ? null : Instant.ofEpochMilli(firstTime);
            return new LogReading(steps, finalVersion, lastReachedVersion, expectedFinalVersion,
                    started, duration, events, lineNumber, problems);
        }
    }

    /** The step that started last; it may still get its counters. */
    private static final class PendingStep {
        final int index;
        final Phase phase;
        final String from;
        final String to;
        final long startTime;
        final String startedAt;
        boolean ended;
        boolean interrupted;
        boolean countersClosed;
        long markerTime = Timestamps.NONE;
        Long durationMs;
        Long processMs;
        String durationSource;
        RowCounts rows;
        ImpactTally impact;

        PendingStep(int index, Phase phase, String from, String to, long startTime, String startedAt) {
            this.index = index;
            this.phase = phase;
            this.from = from;
            this.to = to;
            this.startTime = startTime;
            this.startedAt = startedAt;
        }

        Step toStep() {
            Step step = Step.of(phase, from, to, ended, durationMs, rows, processMs, durationSource);
            return impact == null ? step : step.withImpact(impact.build());
        }
    }

    private static int textStart(String line, int afterTag) {
        return afterTag < line.length() && line.charAt(afterTag) == ' ' ? afterTag + 1 : afterTag;
    }

    private static int textEnd(String line) {
        int end = line.length();
        while (end > 0 && isBlank(line.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u000B';
    }

    /** A version name: one or more characters, none of them blank. */
    private static boolean isVersion(String line, int start, int end) {
        if (end <= start) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number filling {@code [start, end)}, or -1 when it is not one or too big. */
    private static long number(String line, int start, int end) {
        if (start >= end || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = line.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** What follows a message's prefix: {@code ": reason"} gives the reason, nothing gives null. */
    private static String reason(String afterPrefix) {
        String rest = afterPrefix.trim();
        if (rest.startsWith(":")) {
            rest = rest.substring(1).trim();
        }
        return rest.isEmpty() ? null : rest;
    }
}
