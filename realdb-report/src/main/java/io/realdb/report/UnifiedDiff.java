package io.realdb.report;

import java.util.ArrayList;
import java.util.List;

/** Two texts' difference as a unified diff, the way {@code diff -u} and code reviews show it. */
public final class UnifiedDiff {

    private UnifiedDiff() {
    }

    /** @return an empty string when the texts are the same */
    public static String of(String beforeName, String afterName, String before, String after, int context) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<Edit> edits = edits(a, b);
        if (edits.stream().allMatch(e -> e.kind == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeName).append('\n').append("+++ ").append(afterName).append('\n');
        int i = 0;
        while (i < edits.size()) {
            if (edits.get(i).kind == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - context);
            int end = i;
            // A hunk runs on while the next change is within twice the context.
            while (end < edits.size()) {
                int next = end;
                while (next < edits.size() && edits.get(next).kind != ' ') {
                    next++;
                }
                int gap = next;
                while (gap < edits.size() && edits.get(gap).kind == ' ') {
                    gap++;
                }
                if (gap < edits.size() && gap - next <= 2 * context) {
                    end = gap;
                } else {
                    end = Math.min(edits.size(), next + context);
                    break;
                }
            }
            hunk(out, edits.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Edit> hunk) {
        int fromA = hunk.get(0).lineA;
        int fromB = hunk.get(0).lineB;
        int countA = (int) hunk.stream().filter(e -> e.kind != '+').count();
        int countB = (int) hunk.stream().filter(e -> e.kind != '-').count();
        out.append("@@ -").append(fromA + 1).append(',').append(countA)
                .append(" +").append(fromB + 1).append(',').append(countB).append(" @@\n");
        for (Edit e : hunk) {
            out.append(e.kind).append(e.text).append('\n');
        }
    }

    private record Edit(char kind, String text, int lineA, int lineB) {
    }

    /** Longest common subsequence of lines; configs are small enough for the quadratic table. */
    private static List<Edit> edits(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(' ', a.get(i), i, j));
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit('-', a.get(i), i, j));
                i++;
            } else {
                edits.add(new Edit('+', b.get(j), i, j));
                j++;
            }
        }
        return edits;
    }
}
