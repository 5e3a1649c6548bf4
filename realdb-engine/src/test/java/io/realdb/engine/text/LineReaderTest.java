package io.realdb.engine.text;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

    @Test
    void shouldSplitOnEveryKindOfLineEnd() throws IOException {
        assertThat(lines("a\nb\r\nc\rd", 100)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void shouldKeepEmptyLinesButNotAddOneAfterLastLineEnd() throws IOException {
        assertThat(lines("a\n\n\r\nb\n", 100)).containsExactly("a", "", "", "b");
        assertThat(lines("", 100)).isEmpty();
        assertThat(lines("\n", 100)).containsExactly("");
    }

    @Test
    void shouldCutLongLinesAndCountThem() throws IOException {
        LineReader reader = new LineReader(new StringReader("abcdefghij\nxy\n" + "z".repeat(50_000) + "\nend"), 4);

        List<String> lines = readAll(reader);

        assertThat(lines).containsExactly("abcd", "xy", "zzzz", "end");
        assertThat(reader.cutLines()).isEqualTo(2);
    }

    @Test
    void shouldJoinLinesSplitAcrossReads() throws IOException {
        // A reader that hands out one character at a time puts every line across many reads.
        Reader trickle = new StringReader("first line\r\nsecond\rthird\n") {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(length, 1));
            }
        };

        assertThat(readAll(new LineReader(trickle, 100))).containsExactly("first line", "second", "third");
    }

    @Test
    void shouldReadLinesLongerThanItsBuffer() throws IOException {
        String longLine = "y".repeat(200_000);

        assertThat(lines(longLine + "\nshort", 1 << 20)).containsExactly(longLine, "short");
    }

    private static List<String> lines(String text, int maxLineLength) throws IOException {
        return readAll(new LineReader(new StringReader(text), maxLineLength));
    }

    private static List<String> readAll(LineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }
}
