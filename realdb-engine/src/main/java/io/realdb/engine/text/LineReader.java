package io.realdb.engine.text;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits characters into lines like {@link java.io.BufferedReader#readLine()} ({@code \n},
 * {@code \r} or {@code \r\n} end a line), but cuts a line after {@code maxLineLength}
 * characters and drops the rest of it: a tool that prints megabytes without a newline must not
 * decide how much memory the analysis needs, and the markers are all at a line's start.
 */
public final class LineReader {

    private final Reader in;
    private final int maxLineLength;
    private final char[] buffer;
    private char[] line;
    private int position;
    private int limit;
    private boolean skipLineFeed;
    private long cutLines;

    public LineReader(Reader in, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
        this.buffer = new char[Math.max(8192, Math.min(maxLineLength, 1 << 16))];
    }

    /** The next line without its end, or null at the end of the input. */
    public String readLine() throws IOException {
        int length = 0;
        boolean started = false;
        boolean cut = false;
        while (true) {
            if (position >= limit && !fill()) {
                if (!started) {
                    return null;
                }
                return finish(length, cut);
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            started = true;
            int start = position;
            int end = start;
            while (end < limit) {
                char c = buffer[end];
                if (c == '\n' || c == '\r') {
                    break;
                }
                end++;
            }
            boolean lineEnds = end < limit;
            if (lineEnds && length == 0 && end - start <= maxLineLength) {
                // The usual case: the whole line is in the buffer, no copy needed.
                position = end + 1;
                skipLineFeed = buffer[end] == '\r';
                return new String(buffer, start, end - start);
            }
            int room = maxLineLength - length;
            int take = Math.min(room, end - start);
            if (take > 0) {
                ensureLineCapacity(length + take);
                System.arraycopy(buffer, start, line, length, take);
                length += take;
            }
            if (end - start > take) {
                cut = true;
            }
            if (lineEnds) {
                position = end + 1;
                skipLineFeed = buffer[end] == '\r';
                return finish(length, cut);
            }
            position = end;
        }
    }

    /** How many lines were longer than the maximum and were cut. */
    public long cutLines() {
        return cutLines;
    }

    private String finish(int length, boolean cut) {
        if (cut) {
            cutLines++;
        }
        return length == 0 ? "" : new String(line, 0, length);
    }

    private void ensureLineCapacity(int needed) {
        if (line == null || line.length < needed) {
            int size = line == null ? 256 : line.length;
            while (size < needed) {
                size *= 2;
            }
            char[] bigger = new char[Math.min(size, maxLineLength)];
            if (line != null) {
                System.arraycopy(line, 0, bigger, 0, line.length);
            }
            line = bigger;
        }
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            position = 0;
            limit = 0;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
