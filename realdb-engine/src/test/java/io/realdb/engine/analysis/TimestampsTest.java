package io.realdb.engine.analysis;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampsTest {

    @Test
    void shouldReadTimestampAsMillisecondsOfLocalTime() {
        long expected = LocalDateTime.of(2014, 1, 16, 7, 3, 50, 708_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();

        assertThat(Timestamps.parse("2014-01-16 07:03:50,708 [output] 133 -> 134...")).isEqualTo(expected);
        assertThat(Timestamps.parse("2014-01-16 07:03:50.708 [output] done")).isEqualTo(expected);
    }

    @Test
    void shouldCountDaysAcrossMonthsLeapDaysAndYears() {
        for (String date : new String[] {"1970-01-01", "2000-02-29", "2013-12-31", "2024-02-29", "2024-03-01", "2100-03-01"}) {
            long expected = LocalDateTime.parse(date + "T23:59:59.999").toInstant(ZoneOffset.UTC).toEpochMilli();

            assertThat(Timestamps.parse(date + " 23:59:59,999 [x]")).as(date).isEqualTo(expected);
        }
    }

    @Test
    void shouldRefuseLinesThatDoNotStartWithTimestamp() {
        assertThat(Timestamps.parse("")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parse("2014-01-16 07:03:50")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parse(" 2014-01-16 07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parse("2014-01-16T07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parse("2014-13-16 07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parse("2014-01-1x 07:03:50,708 [output]")).isEqualTo(Timestamps.NONE);
        assertThat(Timestamps.parse("2014-01-16 07:03:50;708 [output]")).isEqualTo(Timestamps.NONE);
    }
}
