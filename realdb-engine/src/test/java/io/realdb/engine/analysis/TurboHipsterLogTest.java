package io.realdb.engine.analysis;

import io.realdb.engine.model.Direction;
import io.realdb.engine.model.Phase;
import io.realdb.engine.model.Step;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** turbo-hipster's own production logs (see the NOTICE.md next to them) read unchanged. */
class TurboHipsterLogTest {

    static Path log(String name) {
        try {
            return Path.of(TurboHipsterLogTest.class.getResource("/turbo-hipster/logs/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static LogReading read(String name) throws IOException {
        return new LogReader().read(log(name));
    }

    @Test
    void shouldReadEveryStepOfDevstackLogWithItsPhase() throws IOException {
        LogReading reading = read("20131007_devstack_export.log");

        List<Step> steps = reading.steps();
        // grep -c '\[output\] .* -> .*\.\.\.' gives 286: 132 up to 228, down to 133, up to 228.
        assertThat(steps).hasSize(286);
        assertThat(steps).allMatch(Step::ended);
        assertThat(steps.subList(0, 96)).allMatch(s -> s.phase() == Phase.UPGRADE && s.direction() == Direction.UP);
        assertThat(steps.subList(96, 191)).allMatch(s -> s.phase() == Phase.DOWNGRADE && s.direction() == Direction.DOWN);
        assertThat(steps.subList(191, 286)).allMatch(s -> s.phase() == Phase.UPGRADE_AGAIN && s.direction() == Direction.UP);
        assertThat(steps).extracting(Step::key).startsWith("132->133").endsWith("227->228");
        assertThat(steps.get(95).key()).isEqualTo("227->228");
        assertThat(steps.get(96).key()).isEqualTo("228->227");
        assertThat(steps.get(190).key()).isEqualTo("134->133");
        assertThat(steps.get(191).key()).isEqualTo("133->134");
    }

    @Test
    void shouldTimeDevstackStepsFromStartToDone() throws IOException {
        LogReading reading = read("20131007_devstack_export.log");

        // 132 -> 133: 22:31:17,190 to 22:31:22,933
        assertThat(reading.steps().get(0).durationMs()).isEqualTo(5_743L);
        // 151 -> 152 up (22:31:25,811 to 22:31:31,142), 152 -> 151 down (22:32:21,792 to
        // 22:32:32,628), 151 -> 152 up again (22:32:46,129 to 22:32:51,484)
        assertThat(reading.steps()).filteredOn(s -> s.key().equals("151->152"))
                .extracting(Step::phase, Step::durationMs)
                .containsExactly(tuple(Phase.UPGRADE, 5_331L), tuple(Phase.UPGRADE_AGAIN, 5_355L));
        assertThat(reading.steps()).filteredOn(s -> s.key().equals("152->151"))
                .extracting(Step::phase, Step::direction, Step::durationMs)
                .containsExactly(tuple(Phase.DOWNGRADE, Direction.DOWN, 10_836L));
    }

    @Test
    void shouldReadFinalVersionAndDurationOfDevstackLog() throws IOException {
        LogReading reading = read("20131007_devstack_export.log");

        assertThat(reading.finalVersion()).isEqualTo("228");
        assertThat(reading.lastReachedVersion()).isEqualTo("228");
        assertThat(reading.expectedFinalVersion()).isNull();
        // 22:22:00,378 to 22:33:14,787
        assertThat(reading.durationMs()).isEqualTo(674_409L);
        assertThat(reading.lines()).isEqualTo(867);
        assertThat(reading.events()).isEmpty();
        assertThat(reading.problems()).isEmpty();
    }

    @Test
    void shouldLeaveRowsEmptyWhenLogHasNoCounters() throws IOException {
        assertThat(read("20131007_devstack_export.log").steps())
                .allMatch(s -> s.rowsRead() == null && s.rowsChanged() == null);
    }

    @Test
    void shouldAttachCountersToStepTheyFollowInUser001Log() throws IOException {
        LogReading reading = read("user_001.log");

        assertThat(reading.steps())
                .extracting(Step::key, Step::ended, Step::durationMs,
                        Step::rowsRead, Step::rowsInserted, Step::rowsUpdated, Step::rowsDeleted)
                .containsExactly(
                        // baseline: "MySQL counters before upgrade:" all zero
                        tuple("133->134", true, 171L, 5L, 0L, 1L, 0L),
                        tuple("134->135", true, 59_946L, 45_467L, 45_463L, 1L, 0L),
                        tuple("135->136", true, 1_013L, 4L, 45_463L, 1L, 0L),
                        tuple("136->137", true, 30L, 4L, 3L, 1L, 0L),
                        // the log ends right after this step's done: no counters follow it
                        tuple("137->138", true, 23_297L, null, null, null, null));
        assertThat(reading.steps()).allMatch(s -> s.phase() == Phase.UPGRADE);
    }

    @Test
    void shouldKnowHowFarUser001GotWithoutFinalVersion() throws IOException {
        LogReading reading = read("user_001.log");

        assertThat(reading.finalVersion()).isNull();
        assertThat(reading.lastReachedVersion()).isEqualTo("138");
        assertThat(reading.events()).isEmpty();
        // 06:57:33,961 to 07:05:22,054
        assertThat(reading.durationMs()).isEqualTo(468_093L);
        assertThat(reading.lines()).isEqualTo(743);
    }

    @Test
    void shouldReadLogcontentWhichHoldsTheSameRunTwice() throws IOException {
        LogReading reading = read("logcontent");

        // One run of 122 steps (96 up 133->229, 13 down to 216, 13 up again) written twice;
        // the second copy's first line starts with a blank, so it is continuation text.
        List<Step> steps = reading.steps();
        assertThat(steps).hasSize(244);
        assertThat(steps).allMatch(Step::ended);
        assertThat(steps.get(0).key()).isEqualTo("133->134");
        assertThat(steps.get(95).key()).isEqualTo("228->229");
        assertThat(steps.get(96).key()).isEqualTo("229->228");
        assertThat(steps.get(108).key()).isEqualTo("217->216");
        assertThat(steps.get(109).key()).isEqualTo("216->217");
        assertThat(steps.get(121).key()).isEqualTo("228->229");
        assertThat(steps.get(122).key()).isEqualTo("133->134");
        assertThat(steps.get(243).key()).isEqualTo("228->229");
        assertThat(steps.subList(0, 96)).allMatch(s -> s.phase() == Phase.UPGRADE);
        assertThat(steps.subList(96, 109)).allMatch(s -> s.phase() == Phase.DOWNGRADE);
        // Without phase markers every step up after the first downgrade is "upgrade-again".
        assertThat(steps.subList(109, 218)).allMatch(s -> s.phase() == Phase.UPGRADE_AGAIN);
        assertThat(steps.subList(218, 231)).allMatch(s -> s.phase() == Phase.DOWNGRADE);
        assertThat(steps.subList(231, 244)).allMatch(s -> s.phase() == Phase.UPGRADE_AGAIN);
        assertThat(reading.finalVersion()).isEqualTo("229");
        assertThat(reading.lastReachedVersion()).isEqualTo("229");
        // 05:14:28,492 to the last line's 05:38:37,955
        assertThat(reading.durationMs()).isEqualTo(1_449_463L);
        assertThat(reading.lines()).isEqualTo(1490);
    }

    @Test
    void shouldTimeLongLogcontentSteps() throws IOException {
        LogReading reading = read("logcontent");

        // 148 -> 149: 05:26:45,872 to 05:29:52,184; 151 -> 152: 05:29:53,411 to 05:34:09,330
        assertThat(reading.steps()).filteredOn(s -> s.key().equals("148->149"))
                .extracting(Step::durationMs).containsExactly(186_312L, 186_312L);
        assertThat(reading.steps()).filteredOn(s -> s.key().equals("151->152"))
                .extracting(Step::durationMs).containsExactly(255_919L, 255_919L);
    }
}
