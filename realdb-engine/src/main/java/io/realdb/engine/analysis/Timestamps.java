package io.realdb.engine.analysis;

/**
 * Reads the {@code YYYY-MM-DD HH:MM:SS,mmm} that starts a log line by fixed positions: this runs
 * once per line of logs with millions of lines, where a regular expression or a
 * {@link java.time.format.DateTimeFormatter} per line would cost more than all the rest.
 */
final class Timestamps {

    /** Returned when a line does not start with a timestamp. */
    static final long NONE = Long.MIN_VALUE;

    /** Characters of the timestamp itself. */
    static final int LENGTH = 23;

    private Timestamps() {
    }

    /**
     * Milliseconds since 1970 as if the local time were UTC. The log does not say its zone, and
     * only differences matter; across a daylight-saving change a difference is off by the shift.
     */
    static long parse(String line) {
        if (line.length() < LENGTH
                || line.charAt(4) != '-' || line.charAt(7) != '-' || line.charAt(10) != ' '
                || line.charAt(13) != ':' || line.charAt(16) != ':') {
            return NONE;
        }
        char fraction = line.charAt(19);
        if (fraction != ',' && fraction != '.') {
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
