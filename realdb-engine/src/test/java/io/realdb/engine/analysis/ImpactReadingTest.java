package io.realdb.engine.analysis;

import io.realdb.engine.model.LogFormat;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepImpact;
import io.realdb.engine.model.StepImpact.Access;
import io.realdb.engine.model.StepImpact.BlockedTable;
import io.realdb.engine.model.StepImpact.TableLock;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A step's impact lines, read back into its {@link StepImpact}: blocked times are unions of the waits' blocked spans. */
class ImpactReadingTest {

    private static LogFormat.ProbeWait wait(Access access, String table, long from, long waited) {
        return new LogFormat.ProbeWait(access, table, from, waited);
    }

    @Test
    void shouldCountOnlyTheTimeAWaitSpentOverTheThreshold() {
        assertThat(ImpactTally.blockedMs(List.of(wait(Access.WRITE, "t", 100, 1_100)), 200)).isEqualTo(900);
        assertThat(ImpactTally.blockedMs(List.of(wait(Access.WRITE, "t", 100, 200)), 200)).isZero();
        assertThat(ImpactTally.blockedMs(List.of(), 200)).isZero();
    }

    @Test
    void shouldCountOverlappingWaitsOnce() {
        List<LogFormat.ProbeWait> waits = List.of(
                wait(Access.WRITE, "a", 0, 1_000),      // blocked 200..1000
                wait(Access.WRITE, "b", 500, 1_000),    // blocked 700..1500
                wait(Access.WRITE, "a", 3_000, 300),    // blocked 3200..3300
                wait(Access.WRITE, "b", 3_100, 150));   // under the threshold

        assertThat(ImpactTally.blockedMs(waits, 200)).isEqualTo(1_300 + 100);
    }

    @Test
    void shouldReadAStepsImpactBetweenItsEndAndItsCounters() {
        LogReading reading = new LogBuilder()
                .counters(0, 0, 0, 0)
                .start("3", "4").after(2_500).done()
                .impact("Probes: 40 reads, longest 12 ms; 7 writes, longest 1832 ms; blocked over 200 ms")
                .impact("Write wait: 1832 ms from +412 ms on instances")
                .impact("Write wait: 900 ms from +3000 ms on block_device_mapping")
                .impact("Read wait: 260 ms from +430 ms on instances")
                .impact("Lock: MDL_SHARED_NO_WRITE on instances")
                .impact("Lock: MDL_SHARED_NO_WRITE on instances")
                .impact("Rewritten: instances")
                .counters(250_000, 0, 250_000, 0)
                .read();

        Step step = reading.steps().get(0);
        assertThat(step.rowsUpdated()).isEqualTo(250_000);
        StepImpact impact = step.impact();
        assertThat(impact.writeBlockedMs()).isEqualTo((1_832 - 200) + (900 - 200));
        assertThat(impact.readBlockedMs()).isEqualTo(60);
        assertThat(impact.maxWriteWaitMs()).isEqualTo(1_832);
        assertThat(impact.maxReadWaitMs()).isEqualTo(260);
        assertThat(impact.blockedTables()).containsExactly(
                new BlockedTable("instances", Access.WRITE, 1_632, 1_832, 1),
                new BlockedTable("block_device_mapping", Access.WRITE, 700, 900, 1),
                new BlockedTable("instances", Access.READ, 60, 260, 1));
        assertThat(impact.locks()).containsExactly(new TableLock("instances", "MDL_SHARED_NO_WRITE"));
        assertThat(impact.rewrites()).containsExactly("instances");
        assertThat(impact).extracting(StepImpact::thresholdMs, StepImpact::probeReads, StepImpact::probeWrites)
                .containsExactly(200L, 40L, 7L);
        assertThat(reading.problems()).isEmpty();
    }

    @Test
    void shouldGiveAFailedStepItsImpact() {
        LogReading reading = new LogBuilder()
                .start("3", "4").after(100).realdb("Migration 3 -> 4 failed: exit code 1")
                .impact("Probes: 3 reads, longest 5 ms; 3 writes, longest 90 ms; blocked over 50 ms")
                .impact("Write wait: 90 ms from +3 ms on t")
                .read();

        assertThat(reading.steps()).singleElement().satisfies(step -> {
            assertThat(step.ended()).isFalse();
            assertThat(step.impact().writeBlockedMs()).isEqualTo(40);
        });
    }

    @Test
    void shouldMeasureNothingForAStepWithoutImpactLines() {
        assertThat(new LogBuilder().step("1", "2", 10).read().steps()).singleElement()
                .extracting(Step::impact).isNull();
    }

    @Test
    void shouldNoteImpactLinesItCannotUseAndReadOn() {
        LogReading reading = new LogBuilder()
                .impact("Rewritten: early")
                .start("1", "2").after(10).done()
                .impact("Write wait: 900 ms from +0 ms on t")
                .impact("Writes were slow")
                .step("2", "3", 10)
                .read();

        assertThat(reading.steps()).extracting(Step::key).containsExactly("1->2", "2->3");
        assertThat(reading.steps()).allSatisfy(step -> assertThat(step.impact()).isNull());
        assertThat(reading.problems()).hasSize(3).anySatisfy(p -> assertThat(p).contains("before any migration"))
                .anySatisfy(p -> assertThat(p).contains("of no known shape: Writes were slow"))
                .anySatisfy(p -> assertThat(p).contains("without their 'Probes:' line"));
    }

    @Test
    void shouldReadBackTheLinesAsTheyAreWritten() {
        LogFormat.ProbeWait wait = wait(Access.READ, "odd name: with on in it", 12, 3_456);
        LogFormat.ProbeSummary summary = new LogFormat.ProbeSummary(1, 2, 3, 4, 5);
        TableLock lock = new TableLock("my table", "AccessExclusiveLock");

        assertThat(LogFormat.parseImpact(wait.text())).isEqualTo(new LogFormat.ImpactLine.Wait(wait));
        assertThat(LogFormat.parseImpact(summary.text())).isEqualTo(new LogFormat.ImpactLine.Summary(summary));
        assertThat(LogFormat.parseImpact(LogFormat.lockLine(lock))).isEqualTo(new LogFormat.ImpactLine.Lock(lock));
        assertThat(LogFormat.parseImpact(LogFormat.rewriteLine("t"))).isEqualTo(new LogFormat.ImpactLine.Rewrite("t"));
    }
}
