package io.realdb.report;

import java.util.Locale;

/** Durations as people read them: {@code 412 ms}, {@code 3.2 s}, {@code 14m 52s}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Long millis) {
        if (millis == null) {
            return "-";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        long rest = seconds % 60;
        return hours > 0
                ? String.format(Locale.ROOT, "%dh %02dm %02ds", hours, minutes, rest)
                : String.format(Locale.ROOT, "%dm %02ds", minutes, rest);
    }
}
