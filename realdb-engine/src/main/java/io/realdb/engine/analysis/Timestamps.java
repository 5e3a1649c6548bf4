package io.realdb.engine.analysis;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Reads the timestamp that starts a log line by fixed positions: this runs once per line of logs
 * with millions of lines, where a regular expression or a {@link java.time.format.DateTimeFormatter}
 * per line would cost more than all the rest.
 *
 * <p>realdb writes UTC with its offset, {@code 2026-11-29T19:49:43.084Z} (see
 * {@link io.realdb.engine.model.LogFormat}); {@code +02:00} and the like read as well. turbo-hipster and
 * realdb before it wrote local time without a zone, {@code 2014-01-16 09:49:54,960}: those are read in
 * the zone given, so that a duration across a daylight-saving change is right when the zone is the
 * one the log was written in. Where a change back to winter time repeats an hour, a repeated time
 * is taken in the earlier pass unless that would go back in time from the line before.
 *
 * <p>One instance per log: it remembers the last time read.
 */
final class Timestamps {

    /** Returned when a line does not start with a timestamp. */
    static final long NONE = Long.MIN_VALUE;

    /** Characters of a timestamp without a zone: {@code 2014-01-16 09:49:54,960}. */
    static final int LOCAL_LENGTH = 23;

    private static final long ALWAYS = Long.MAX_VALUE;

    private final ZoneRules rules;
    private int length;
    private long last = Long.MIN_VALUE;
    /** Local times in [windowFrom, windowTo) have one offset, windowOffset: no change of the clocks in between. */
    private long windowFrom = ALWAYS;
    private long windowTo = Long.MIN_VALUE;
    private long windowOffset;

    /** @param zone the zone of timestamps that carry no offset */
    Timestamps(ZoneId zone) {
        this.rules = zone.getRules();
        if (rules.isFixedOffset()) {
            windowFrom = Long.MIN_VALUE;
            windowTo = ALWAYS;
            windowOffset = rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L;
        }
    }

    /**
     * Milliseconds since 1970 of the timestamp at the start of {@code line}, or {@link #NONE}.
     * {@link #length()} then says how many characters it took.
     */
    long read(String line) {
        long local = local(line);
        if (local == NONE) {
            return NONE;
        }
        long time;
        if (line.length() == LOCAL_LENGTH || !isZoneStart(line.charAt(LOCAL_LENGTH))) {
            length = LOCAL_LENGTH;
            time = fromLocal(local);
        } else {
            int offset = offsetMillis(line);
            if (offset == Integer.MIN_VALUE) {
                return NONE;
            }
            time = local - offset;
        }
        last = time;
        return time;
    }

    /** Characters of the last timestamp read: 23 without a zone, 24 with {@code Z}, 29 with {@code +hh:mm}. */
    int length() {
        return length;
    }

    private static boolean isZoneStart(char c) {
        return c == 'Z' || c == '+' || c == '-';
    }

    /** The zone's offset in milliseconds, setting {@link #length}; {@code Integer.MIN_VALUE} when malformed. */
    private int offsetMillis(String line) {
        char sign = line.charAt(LOCAL_LENGTH);
        if (sign == 'Z') {
            length = LOCAL_LENGTH + 1;
            return 0;
        }
        if (line.length() < LOCAL_LENGTH + 6 || line.charAt(LOCAL_LENGTH + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(line, LOCAL_LENGTH + 1, 2);
        int minutes = digits(line, LOCAL_LENGTH + 4, 2);
        if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        length = LOCAL_LENGTH + 6;
        int millis = (hours * 60 + minutes) * 60_000;
        return sign == '-' ? -millis : millis;
    }

    /**
     * The date and time at the start of the line in milliseconds as if it were UTC, or {@link #NONE};
     * date and time are separated by a blank or {@code T}, seconds and milliseconds by {@code ,} or {@code .}.
     */
    static long local(String line) {
        if (line.length() < LOCAL_LENGTH
                || line.charAt(4) != '-' || line.charAt(7) != '-' || line.charAt(13) != ':' || line.charAt(16) != ':') {
            return NONE;
        }
        char separator = line.charAt(10);
        char fraction = line.charAt(19);
        if (separator != ' ' && separator != 'T' || fraction != ',' && fraction != '.') {
            return NONE;
        }
        int year = digits(line, 0, 4);
        int month = digits(line, 5, 2);
        int day = digits(line, 8, 2);
        int hour = digits(line, 11, 2);
        int minute = digits(line, 14, 2);
        int second = digits(line, 17, 2);
        int millis = digits(line, 20, 3);
        if ((year | month | day | hour | minute | second | millis) < 0
                || month < 1 || month > 12 || day < 1 || day > 31) {
            return NONE;
        }
        long days = daysFromCivil(year, month, day);
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private long fromLocal(long local) {
        if (local >= windowFrom && local < windowTo) {
            return local - windowOffset;
        }
        LocalDateTime dateTime = LocalDateTime.ofEpochSecond(Math.floorDiv(local, 1000),
                (int) Math.floorMod(local, 1000) * 1_000_000, ZoneOffset.UTC);
        List<ZoneOffset> offsets = rules.getValidOffsets(dateTime);
        if (offsets.size() == 1) {
            long offset = offsets.get(0).getTotalSeconds() * 1000L;
            remember(local - offset, offset);
            return local - offset;
        }
        if (offsets.isEmpty()) {
            // A time the clocks skipped: the log was not written in this zone; read it as the time before the change.
            ZoneOffsetTransition gap = rules.getTransition(dateTime);
            return local - gap.getOffsetBefore().getTotalSeconds() * 1000L;
        }
        long earlier = local - offsets.get(0).getTotalSeconds() * 1000L;
        long later = local - offsets.get(1).getTotalSeconds() * 1000L;
        return earlier >= last ? earlier : later;
    }

    /** Notes the stretch of local time around {@code instant} in which the zone's offset stays {@code offset}. */
    private void remember(long instant, long offset) {
        Instant at = Instant.ofEpochMilli(instant);
        ZoneOffsetTransition previous = rules.previousTransition(at.plusMillis(1));
        ZoneOffsetTransition next = rules.nextTransition(at);
        windowFrom = previous == null ? Long.MIN_VALUE
                : Math.max(localMillis(previous.getDateTimeBefore()), localMillis(previous.getDateTimeAfter()));
        windowTo = next == null ? ALWAYS
                : Math.min(localMillis(next.getDateTimeBefore()), localMillis(next.getDateTimeAfter()));
        windowOffset = offset;
    }

    private static long localMillis(LocalDateTime dateTime) {
        return dateTime.toEpochSecond(ZoneOffset.UTC) * 1000L + dateTime.getNano() / 1_000_000;
    }

    private static int digits(String line, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = line.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
