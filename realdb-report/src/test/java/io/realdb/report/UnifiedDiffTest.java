package io.realdb.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedDiffTest {

    @Test
    void shouldShowChangedLinesWithTheirContext() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        String after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";

        assertThat(UnifiedDiff.of("config.json", "config.json (suggested)", before, after, 1)).isEqualTo("""
                --- config.json
                +++ config.json (suggested)
                @@ -3,3 +3,3 @@
                 c
                -d
                +D
                 e
                @@ -8,1 +8,2 @@
                 h
                +i
                """);
    }

    @Test
    void shouldJoinChangesThatAreClose() {
        String diff = UnifiedDiff.of("x", "y", "1\n2\n3\n4\n5\n", "1\nX\n3\nY\n5\n", 1);

        assertThat(diff.lines().filter(l -> l.startsWith("@@"))).containsExactly("@@ -1,5 +1,5 @@");
    }

    @Test
    void shouldSayNothingForEqualTexts() {
        assertThat(UnifiedDiff.of("x", "y", "same\n", "same\n", 3)).isEmpty();
    }
}
