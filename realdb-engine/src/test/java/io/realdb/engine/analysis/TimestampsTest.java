package io.realdb.engine.analysis;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static long utc(String line) {
        return new Timestamps(ZoneOffset.UTC).read(line);
    }

    @Test
    void shouldReadLocalTimeInTheZoneGiven() {
        long expected = LocalDateTime.of(2014, 1, 16, 7, 3, 50, 708_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();

        assertThat(utc("2014-01-16 07:03:50,708 [output] 133 -> 134...")).isEqualTo(expected);
        assertThat(utc("2014-01-16 07:03:50.708 [output] done")).isEqualTo(expected);
        assertThat(new Timestamps(BERLIN).read("2014-01-16 08:03:50,708 [output] done")).isEqualTo(expected);
    }

    @Test
    void shouldReadUtcAndOffsetsWhateverTheZoneOfLocalTimes() {
        long expected = Instant.parse("2026-11-29T19:49:43.084Z").toEpochMilli();
        Timestamps timestamps = new Timestamps(BERLIN);

        assertThat(timestamps.read("2026-11-29T19:49:43.084Z [realdb] x")).isEqualTo(expected);
        assertThat(timestamps.length()).isEqualTo(24);
        assertThat(timestamps.read("2026-11-29T19:49:43.084+00:00 [realdb] x")).isEqualTo(expected);
        assertThat(timestamps.length()).isEqualTo(29);
        assertThat(timestamps.read("2026-11-29T21:49:43.084+02:00 [realdb] x")).isEqualTo(expected);
        assertThat(timestamps.read("2026-11-29T14:19:43.084-05:30 [realdb] x")).isEqualTo(expected);
        assertThat(timestamps.read("2014-01-16 07:03:50,708 [output] done")).isNotEqualTo(Timestamps.NONE);
        assertThat(timestamps.length()).isEqualTo(23);
    }

    @Test
    void shouldCountDaysAcrossMonthsLeapDaysAndYears() {
        for (String date : new String[] {"1970-01-01", "2000-02-29", "2013-12-31", "2024-02-29", "2024-03-01", "2100-03-01"}) {
            long expected = LocalDateTime.parse(date + "T23:59:59.999").toInstant(ZoneOffset.UTC).toEpochMilli();

            assertThat(utc(date + " 23:59:59,999 [x]")).as(date).isEqualTo(expected);
            assertThat(utc(date + "T23:59:59.999Z [x]")).as(date).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseLinesThatDoNotStartWithTimestamp() {
        assertThat(utc("")).isEqualTo(Timestamps.NONE);
        assertThat(utc("2014-01-16 07:03:50")).isEqualTo(Timestamps.NONE);
        assertThat(utc(" 2014-01-16 07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(utc("2014-01-16x07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(utc("2014-13-16 07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(utc("2014-01-1x 07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(utc("2014-01-16 07:03:50;708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(utc("2026-11-29T19:49:43.084+0 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(utc("2026-11-29T19:49:43.084+25:00 [output]")).isEqualTo(Timestamps.NONE);
    }

    @Test
    void shouldTakeTheChangeToSummerTimeIntoAccount() {
        Timestamps timestamps = new Timestamps(BERLIN);

        long before = timestamps.read("2026-03-29 01:59:00,000 [output] 3 -> 4...");
        long after = timestamps.read("2026-03-29 03:01:00,000 [output] done");

        assertThat(after - before).isEqualTo(2 * 60_000);
    }

    @Test
    void shouldTakeTheRepeatedHourOfTheChangeToWinterTimeInOrder() {
        Timestamps timestamps = new Timestamps(BERLIN);

        long first = timestamps.read("2026-10-25 02:50:00,000 [output] 3 -> 4...");
        long stillSummer = timestamps.read("2026-10-25 02:55:00,000 [stdout] working");
        long winter = timestamps.read("2026-10-25 02:10:00,000 [output] done");
        long later = timestamps.read("2026-10-25 03:10:00,000 [output] Final schema version is 4");

        assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:50:00Z").toEpochMilli());
        assertThat(stillSummer - first).isEqualTo(5 * 60_000);
        assertThat(winter - first).isEqualTo(20 * 60_000);
        assertThat(later - winter).isEqualTo(60 * 60_000);
    }
}
