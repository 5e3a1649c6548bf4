package io.realdb.engine.db;

import io.realdb.engine.BadInputException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a SQL script as the {@code mysql} client does, one statement at a time, holding only the
 * current statement in memory: dumps of many gigabytes are read as easily as small files.
 *
 * <p>It knows {@code '...'} and {@code "..."} strings (backslash escapes, doubled quotes),
 * {@code `identifiers`}, {@code -- }, {@code #} and {@code /* *&#47;} comments (dropped),
 * {@code /*! *&#47;}, {@code /*M! *&#47;} and {@code /*+ *&#47;} comments (kept: the server runs
 * them) and {@code DELIMITER} lines. A {@code .gz} file, or one starting with gzip's magic bytes,
 * is decompressed on the fly.
 *
 * <p>The script is read as bytes and statements are handed on as UTF-8 text (what
 * {@code mysqldump} writes by default), so the server gets the file's bytes unchanged. A string
 * literal that is not valid UTF-8 cannot pass that way: it holds binary data ({@code mysqldump}
 * writes BLOBs raw unless {@code --hex-blob}) or text in the session's other character set
 * ({@code SET NAMES latin1}). It becomes a hex literal with the same bytes, {@code X'...'}, with
 * the session's character set as introducer when that is not UTF-8 ({@code _latin1 X'E9'}),
 * which means to the server what the original meant: see {@link #clientCharset(String)}.
 */
public final class SqlScript implements Closeable {

    /** The largest statement read; the server's own {@code max_allowed_packet} limit is 1 GiB. */
    public static final int MAX_STATEMENT_BYTES = 1 << 30;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DELIMITER_COMMAND = "delimiter".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final CountingStream raw;
    private final InputStream in;

    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;

    private byte[] statement = new byte[1 << 16];
    private int length;
    private long line = 1;
    private long startLine;
    private byte[] delimiter = {';'};
    private boolean started;
    private byte[] introducer;

    /**
     * Reads {@code in}, which is decompressed when {@code name} ends with {@code .gz} or the data
     * starts with gzip's magic bytes.
     *
     * @param name names the script in messages
     */
    public SqlScript(InputStream in, String name) throws IOException {
        this.name = name;
        this.raw = new CountingStream(in);
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        boolean gzipMagic = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        this.in = gzipMagic || name.toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /**
     * Opens a script file.
     *
     * @throws BadInputException when it does not exist or is not a readable file
     */
    public static SqlScript open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("SQL script '" + file + "' does not exist or is not a file");
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("SQL script '" + file + "' does not exist", e);
        }
        try {
            return new SqlScript(in, file.toString());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /**
     * Tells the script the session's {@code character_set_client} after a statement changed it,
     * so that literals rewritten from then on carry it as introducer. A UTF-8 set (or null) needs
     * none.
     */
    public void clientCharset(String charset) {
        String lower = charset == null ? "" : charset.toLowerCase(Locale.ROOT);
        boolean utf8 = lower.isEmpty() || lower.startsWith("utf8");
        introducer = utf8 || !lower.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')
                ? null : ("_" + lower + " ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes read from the underlying file so far (compressed bytes for a gzipped one). */
    public long bytesRead() {
        return raw.count;
    }

    /**
     * The next statement, or null at the end of the script. A statement that the end of the
     * script cuts short (no delimiter, an open string) is returned as it is: the server will say
     * what is wrong with it.
     */
    public SqlStatement next() throws IOException {
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        length = 0;
        while (true) {
            int b = read();
            if (b < 0) {
                return take();
            }
            if (length == 0) {
                if (isSpace(b)) {
                    continue;
                }
                if ((b | 0x20) == 'd' && startsWithIgnoreCase(DELIMITER_COMMAND, 1) && isBlank(peek(DELIMITER_COMMAND.length - 1))) {
                    changeDelimiter();
                    continue;
                }
            }
            switch (b) {
                case '\'', '"' -> {
                    quoted(b);
                    continue;
                }
                case '`' -> {
                    identifier();
                    continue;
                }
                case '-' -> {
                    if (peek(0) == '-' && (peek(1) < 0 || peek(1) <= ' ')) {
                        skipLineComment();
                        continue;
                    }
                }
                case '#' -> {
                    skipLineComment();
                    continue;
                }
                case '/' -> {
                    if (peek(0) == '*' && !isExecutableComment()) {
                        skipBlockComment();
                        continue;
                    }
                }
                default -> {
                    // any other byte is checked against the delimiter and kept
                }
            }
            if (b == (delimiter[0] & 0xff) && startsWith(delimiter, 1)) {
                skip(delimiter.length - 1);
                SqlStatement done = take();
                if (done != null) {
                    return done;
                }
                continue;
            }
            append(b);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The statement read so far, trimmed; null when there is none. */
    private SqlStatement take() {
        while (length > 0 && isSpace(statement[length - 1] & 0xff)) {
            length--;
        }
        if (length == 0) {
            return null;
        }
        String sql = new String(statement, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return new SqlStatement(sql, startLine);
    }

    /** {@code DELIMITER xx}: a client command, never sent to the server. */
    private void changeDelimiter() throws IOException {
        long at = line;
        skip(DELIMITER_COMMAND.length - 1);
        StringBuilder rest = new StringBuilder();
        int b;
        while ((b = read()) >= 0 && b != '\n') {
            rest.append((char) b);
        }
        String[] words = rest.toString().strip().split("\\s+");
        if (words[0].isEmpty()) {
            throw new BadInputException(name + " line " + at + ": DELIMITER without a delimiter");
        }
        delimiter = words[0].getBytes(StandardCharsets.ISO_8859_1);
    }

    private void quoted(int quote) throws IOException {
        int start = length;
        boolean highBytes = false;
        append(quote);
        while (true) {
            int b = read();
            if (b < 0) {
                return;
            }
            append(b);
            if (b == '\\') {
                int escaped = read();
                if (escaped < 0) {
                    return;
                }
                append(escaped);
                highBytes |= escaped >= 0x80;
            } else if (b == quote) {
                if (peek(0) != quote) {
                    break;
                }
                append(read());
            } else {
                highBytes |= b >= 0x80;
            }
        }
        if (highBytes && !isUtf8(statement, start + 1, length - 1)) {
            rewriteAsHex(start, quote);
        }
    }

    private void identifier() throws IOException {
        append('`');
        while (true) {
            int b = read();
            if (b < 0) {
                return;
            }
            append(b);
            if (b == '`') {
                if (peek(0) != '`') {
                    return;
                }
                append(read());
            }
        }
    }

    private void skipLineComment() throws IOException {
        int b;
        while ((b = read()) >= 0 && b != '\n') {
            // dropped
        }
        if (length > 0 && b == '\n') {
            append('\n');
        }
    }

    private void skipBlockComment() throws IOException {
        read();
        int previous = 0;
        int b;
        while ((b = read()) >= 0 && !(previous == '*' && b == '/')) {
            previous = b;
        }
        if (length > 0) {
            append(' ');
        }
    }

    /** {@code /*!}, {@code /*M!} and {@code /*+}: comments the server reads, so kept. */
    private boolean isExecutableComment() throws IOException {
        int third = peek(1);
        return third == '!' || third == '+' || (third == 'M' && peek(2) == '!');
    }

    /**
     * Replaces the string literal at {@code start} (quotes included) by a hex literal of its
     * value: its escapes resolved, its bytes kept.
     */
    private void rewriteAsHex(int start, int quote) {
        byte[] value = unescape(statement, start + 1, length - 1, quote);
        length = start;
        if (length > 0 && (statement[length - 1] == 'N' || statement[length - 1] == 'n')
                && (length == 1 || !isWordByte(statement[length - 2] & 0xff))) {
            length--; // N'...' (national string): binary data has no national character set
        }
        if (length > 0 && isWordByte(statement[length - 1] & 0xff)) {
            append(' '); // _binary'...' must stay two tokens
        }
        if (introducer != null && !followsIntroducer()) {
            for (byte b : introducer) {
                append(b);
            }
        }
        append('X');
        append('\'');
        for (byte v : value) {
            append(HEX[(v >> 4) & 0xf]);
            append(HEX[v & 0xf]);
        }
        append('\'');
    }

    /** Whether the statement so far ends with a character set introducer such as {@code _binary}. */
    private boolean followsIntroducer() {
        int end = length;
        while (end > 0 && isSpace(statement[end - 1] & 0xff)) {
            end--;
        }
        int begin = end;
        while (begin > 0 && isWordByte(statement[begin - 1] & 0xff)) {
            begin--;
        }
        return end - begin > 1 && statement[begin] == '_';
    }

    /** The value of a string literal's body, as the server's default (backslash) mode reads it. */
    static byte[] unescape(byte[] text, int from, int to, int quote) {
        byte[] value = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            int b = text[i] & 0xff;
            if (b == '\\' && i + 1 < to) {
                int e = text[++i] & 0xff;
                switch (e) {
                    case '0' -> value[n++] = 0;
                    case 'b' -> value[n++] = '\b';
                    case 'n' -> value[n++] = '\n';
                    case 'r' -> value[n++] = '\r';
                    case 't' -> value[n++] = '\t';
                    case 'Z' -> value[n++] = 0x1a;
                    case '%', '_' -> {
                        value[n++] = '\\';
                        value[n++] = (byte) e;
                    }
                    default -> value[n++] = (byte) e;
                }
            } else if (b == quote && i + 1 < to && (text[i + 1] & 0xff) == quote) {
                value[n++] = (byte) b;
                i++;
            } else {
                value[n++] = (byte) b;
            }
        }
        return Arrays.copyOf(value, n);
    }

    /** Strict UTF-8, as Java decodes it: no overlong forms, no surrogates, nothing above U+10FFFF. */
    static boolean isUtf8(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int extra;
            int min = 0x80;
            int max = 0xbf;
            if (b >= 0xc2 && b <= 0xdf) {
                extra = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                extra = 2;
                if (b == 0xe0) {
                    min = 0xa0;
                } else if (b == 0xed) {
                    max = 0x9f;
                }
            } else if (b >= 0xf0 && b <= 0xf4) {
                extra = 3;
                if (b == 0xf0) {
                    min = 0x90;
                } else if (b == 0xf4) {
                    max = 0x8f;
                }
            } else {
                return false;
            }
            if (i + extra >= to) {
                return false;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= extra; k++) {
                int c = bytes[i + k] & 0xff;
                if (c < 0x80 || c > 0xbf) {
                    return false;
                }
            }
            i += extra + 1;
        }
        return true;
    }

    private void append(int b) {
        if (length == 0) {
            startLine = line;
        }
        if (length == statement.length) {
            if (length >= MAX_STATEMENT_BYTES) {
                throw new BadInputException(name + ": the statement starting at line " + startLine + " is longer than "
                        + (MAX_STATEMENT_BYTES >> 20) + " MiB");
            }
            statement = Arrays.copyOf(statement, (int) Math.min((long) length * 2, MAX_STATEMENT_BYTES));
        }
        statement[length++] = (byte) b;
    }

    private int read() throws IOException {
        if (position == limit && !fill(1)) {
            return -1;
        }
        int b = buffer[position++] & 0xff;
        if (b == '\n') {
            line++;
        }
        return b;
    }

    /** The byte {@code ahead} bytes after the next one to read, without reading it; -1 past the end. */
    private int peek(int ahead) throws IOException {
        if (position + ahead >= limit && !fill(ahead + 1)) {
            return -1;
        }
        return buffer[position + ahead] & 0xff;
    }

    private void skip(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            read();
        }
    }

    /** Whether the bytes from the next one on continue {@code expected} from index {@code from}. */
    private boolean startsWith(byte[] expected, int from) throws IOException {
        for (int i = from; i < expected.length; i++) {
            if (peek(i - from) != (expected[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private boolean startsWithIgnoreCase(byte[] expected, int from) throws IOException {
        for (int i = from; i < expected.length; i++) {
            int b = peek(i - from);
            if (b < 0 || (b | 0x20) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Makes at least {@code needed} unread bytes available, unless the input ends first. */
    private boolean fill(int needed) throws IOException {
        if (limit - position >= needed) {
            return true;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < needed && !endOfInput) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                endOfInput = true;
            } else {
                limit += n;
            }
        }
        return limit - position >= needed;
    }

    private void skipByteOrderMark() throws IOException {
        if (startsWith(BOM, 0)) {
            position += BOM.length;
        }
    }

    private static boolean isSpace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0x0b;
    }

    private static boolean isBlank(int b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isWordByte(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '$' || b >= 0x80;
    }

    /** Counts the bytes read from the file, for progress. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
