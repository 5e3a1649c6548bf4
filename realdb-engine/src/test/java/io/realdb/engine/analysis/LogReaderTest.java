package io.realdb.engine.analysis;

import io.realdb.engine.model.Phase;
import io.realdb.engine.model.Step;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LogReaderTest {

    @Test
    void shouldTimeStepFromStartToDone() {
        LogReading reading = new LogBuilder().step("4", "5", 1_234).read();

        assertThat(reading.steps()).extracting(Step::key, Step::ended, Step::durationMs)
                .containsExactly(tuple("4->5", true, 1_234L));
        assertThat(reading.lastReachedVersion()).isEqualTo("5");
    }

    @Test
    void shouldAcceptTrailingSpacesAfterStartAndDone() {
        LogReading reading = new LogBuilder()
                .output("4 -> 5...   ").after(10).output("done \t")
                .read();

        assertThat(reading.steps()).extracting(Step::key, Step::durationMs).containsExactly(tuple("4->5", 10L));
    }

    @Test
    void shouldReadVersionNamesThatAreNotNumbers() {
        LogReading reading = new LogBuilder().step("ae1027a6acf", "3c7c2a9b1f0e", 5).read();

        assertThat(reading.steps()).extracting(Step::from, Step::to, Step::phase)
                .containsExactly(tuple("ae1027a6acf", "3c7c2a9b1f0e", Phase.UPGRADE));
    }

    @Test
    void shouldIgnoreLinesThatOnlyLookLikeStarts() {
        LogReading reading = new LogBuilder()
                .output("Installing Setuptools..........")
                .output(" * branch  refs/zuul/master/Z1 -> FETCH_HEAD")
                .output("upgrade a -> b and more...")
                .output("4 -> ...")
                .read();

        assertThat(reading.steps()).isEmpty();
    }

    @Test
    void shouldTakeBaselineFromCountersBeforeFirstStep() {
        LogReading reading = new LogBuilder()
                .output("MySQL counters before upgrade:")
                .counters(100, 10, 5, 1)
                .step("4", "5", 10)
                .counters(150, 30, 6, 4)
                .read();

        assertThat(reading.steps()).extracting(Step::rowsRead, Step::rowsInserted, Step::rowsUpdated,
                        Step::rowsDeleted, Step::rowsChanged)
                .containsExactly(tuple(50L, 20L, 1L, 3L, 24L));
    }

    @Test
    void shouldCountFromZeroWithoutBaseline() {
        LogReading reading = new LogBuilder().step("4", "5", 10).counters(7, 3, 2, 1).read();

        assertThat(reading.steps()).extracting(Step::rowsRead, Step::rowsChanged).containsExactly(tuple(7L, 6L));
    }

    @Test
    void shouldLeaveRowsEmptyForStepWithoutCountersAfterIt() {
        LogReading reading = new LogBuilder()
                .counters(10, 0, 0, 0)
                .step("4", "5", 10)
                .step("5", "6", 10)
                .counters(40, 5, 0, 0)
                .step("6", "7", 10)
                .read();

        // The block after 5 -> 6 is measured from the last block there was, before 4 -> 5.
        assertThat(reading.steps()).extracting(Step::key, Step::rowsRead, Step::rowsInserted)
                .containsExactly(tuple("4->5", null, null), tuple("5->6", 30L, 5L), tuple("6->7", null, null));
    }

    @Test
    void shouldTakeCounterWholeAfterServerRestart() {
        LogReading reading = new LogBuilder()
                .counters(1_000, 500, 0, 0)
                .step("4", "5", 10)
                .counters(30, 600, 0, 0)
                .read();

        assertThat(reading.steps()).extracting(Step::rowsRead, Step::rowsInserted).containsExactly(tuple(30L, 100L));
    }

    @Test
    void shouldReadCountersOfEnginesWithoutInnodb() {
        LogReading reading = new LogBuilder()
                .step("4", "5", 10)
                .output("Rows_read\t12").output("Rows_inserted\t3").output("Rows_updated\t2").output("Rows_deleted\t1")
                .read();

        assertThat(reading.steps()).extracting(Step::rowsRead, Step::rowsChanged).containsExactly(tuple(12L, 6L));
    }

    @Test
    void shouldKeepCounterMissingFromBlockAtItsLastValue() {
        LogReading reading = new LogBuilder()
                .counters(10, 10, 10, 10)
                .step("4", "5", 10)
                .output("Innodb_rows_read\t25")
                .read();

        assertThat(reading.steps()).extracting(Step::rowsRead, Step::rowsChanged).containsExactly(tuple(15L, 0L));
    }

    @Test
    void shouldIgnoreCounterLookalikes() {
        LogReading reading = new LogBuilder()
                .step("4", "5", 10)
                .output("Innodb_row_lock_time\t99")
                .output("Innodb_rows_read_total\t99")
                .output("Innodb_rows_read\t8")
                .read();

        assertThat(reading.steps()).extracting(Step::rowsRead).containsExactly(8L);
        assertThat(reading.problems()).isEmpty();
    }

    @Test
    void shouldNoteCounterThatIsNotNumber() {
        LogReading reading = new LogBuilder().step("4", "5", 10).output("Innodb_rows_read\tmany").read();

        assertThat(reading.steps()).extracting(Step::rowsRead).containsExactly((Long) null);
        assertThat(reading.problems()).containsExactly("line 3: counter value is not a number: read\tmany");
    }

    @Test
    void shouldActOnMarkersInOutputLinesOnly() {
        LogReading reading = new LogBuilder()
                .start("4", "5")
                .stdout("done")
                .stdout("5 -> 6...")
                .line("stderr", "Final schema version is 9")
                .stdout("Innodb_rows_read\t99")
                .after(50)
                .done()
                .read();

        assertThat(reading.steps()).extracting(Step::key, Step::durationMs, Step::rowsRead)
                .containsExactly(tuple("4->5", 50L, null));
        assertThat(reading.finalVersion()).isNull();
    }

    @Test
    void shouldNeverTakeContinuationTextForMarkers() {
        LogReading reading = new LogBuilder()
                .start("4", "5")
                .bare("done")
                .bare("5 -> 6...")
                .bare(" 2014-01-16 07:00:00,000 [output] done")
                .after(20)
                .done()
                .read();

        assertThat(reading.steps()).extracting(Step::key, Step::durationMs).containsExactly(tuple("4->5", 20L));
    }

    @Test
    void shouldPutStepsInMarkedPhases() {
        LogReading reading = new LogBuilder()
                .realdb("Phase upgrade-trunk").step("1", "2", 1)
                .realdb("Phase upgrade-change").step("2", "3", 1)
                .realdb("Phase downgrade").step("3", "2", 1)
                .realdb("Phase upgrade-again").step("2", "3", 1)
                .read();

        assertThat(reading.steps()).extracting(Step::phase).containsExactly(
                Phase.UPGRADE_TRUNK, Phase.UPGRADE_CHANGE, Phase.DOWNGRADE, Phase.UPGRADE_AGAIN);
    }

    @Test
    void shouldTellPhasesByDirectionWithoutMarkers() {
        LogReading reading = new LogBuilder()
                .step("1", "2", 1).step("2", "3", 1).step("3", "2", 1).step("2", "1", 1).step("1", "2", 1)
                .read();

        assertThat(reading.steps()).extracting(Step::phase).containsExactly(
                Phase.UPGRADE, Phase.UPGRADE, Phase.DOWNGRADE, Phase.DOWNGRADE, Phase.UPGRADE_AGAIN);
    }

    @Test
    void shouldNoteUnknownPhaseAndKeepThePreviousOne() {
        LogReading reading = new LogBuilder()
                .realdb("Phase downgrade").step("3", "2", 1)
                .realdb("Phase sideways").step("2", "1", 1)
                .read();

        assertThat(reading.steps()).extracting(Step::phase).containsExactly(Phase.DOWNGRADE, Phase.DOWNGRADE);
        assertThat(reading.problems()).containsExactly("line 4: unknown phase 'sideways'");
    }

    @Test
    void shouldNotGiveCountersAfterPhaseChangeToStepBefore() {
        LogReading reading = new LogBuilder()
                .realdb("Phase upgrade-trunk")
                .counters(100, 0, 0, 0)
                .step("1", "2", 1)
                .realdb("Phase upgrade-change")
                .realdb("Seed database restored")
                .counters(20, 0, 0, 0)
                .step("1", "2", 1)
                .counters(50, 0, 0, 0)
                .read();

        assertThat(reading.steps()).extracting(Step::phase, Step::rowsRead)
                .containsExactly(tuple(Phase.UPGRADE_TRUNK, null), tuple(Phase.UPGRADE_CHANGE, 30L));
    }

    @Test
    void shouldKeepCountersAfterSeedRestoreApartFromLastStepsCounters() {
        // As the runner writes it: each phase restores the seed and writes counters first.
        LogReading reading = new LogBuilder()
                .realdb("Counters after restoring the seed:").counters(100, 0, 0, 0)
                .realdb("Phase upgrade-trunk")
                .step("1", "2", 1).counters(130, 5, 0, 0)
                .realdb("Restoring the seed nova.sql.gz into database nova")
                .realdb("Counters after restoring the seed:").counters(40, 0, 0, 0)
                .realdb("Phase upgrade-change")
                .step("1", "2", 1).counters(90, 7, 0, 0)
                .read();

        assertThat(reading.steps()).extracting(Step::phase, Step::rowsRead, Step::rowsInserted).containsExactly(
                tuple(Phase.UPGRADE_TRUNK, 30L, 5L), tuple(Phase.UPGRADE_CHANGE, 50L, 7L));
    }

    @Test
    void shouldStartNewReadingWhenCounterComesAgain() {
        LogReading reading = new LogBuilder()
                .step("1", "2", 1).counters(30, 0, 0, 0)
                .output("server restarted")
                .counters(5, 0, 0, 0)
                .step("2", "3", 1).counters(25, 0, 0, 0)
                .read();

        assertThat(reading.steps()).extracting(Step::rowsRead).containsExactly(30L, 20L);
    }

    @Test
    void shouldReadFinalAndExpectedVersions() {
        LogReading reading = new LogBuilder()
                .realdb("Expected final version is 7")
                .step("5", "6", 1).step("6", "7", 1)
                .finalVersion("6")
                .finalVersion("7")
                .read();

        assertThat(reading.expectedFinalVersion()).isEqualTo("7");
        assertThat(reading.finalVersion()).isEqualTo("7");
    }

    @Test
    void shouldReadEventsFromRealdbLines() {
        LogBuilder log = new LogBuilder();
        String at = log.now();
        LogReading reading = log
                .realdb("Seed restore failed: gunzip: unexpected end of file")
                .realdb("Migration tool could not run: nova-manage: not found")
                .realdb("Infrastructure error: mariadb exited with code 137")
                .realdb("Something else realdb notes")
                .read();

        assertThat(reading.events()).extracting(LogEvent::type, LogEvent::stepIndex, LogEvent::reason, LogEvent::at)
                .containsExactly(
                        tuple(LogEvent.Type.SEED_RESTORE_FAILED, -1, "gunzip: unexpected end of file", at),
                        tuple(LogEvent.Type.TOOL_NOT_RUN, -1, "nova-manage: not found", at),
                        tuple(LogEvent.Type.INFRASTRUCTURE_ERROR, -1, "mariadb exited with code 137", at));
    }

    @Test
    void shouldCloseStepThatFailed() {
        LogReading reading = new LogBuilder()
                .start("4", "5")
                .after(100)
                .realdb("Migration 4 -> 5 failed: exit code 1")
                .done()
                .read();

        assertThat(reading.steps()).extracting(Step::key, Step::ended, Step::durationMs)
                .containsExactly(tuple("4->5", false, null));
        assertThat(reading.events()).extracting(LogEvent::type, LogEvent::stepIndex, LogEvent::reason)
                .containsExactly(tuple(LogEvent.Type.MIGRATION_NOT_ENDED, 0, "exit code 1"));
        assertThat(reading.lastReachedVersion()).isNull();
        assertThat(reading.problems()).containsExactly("line 3: 'done' while no migration was running");
    }

    @Test
    void shouldCountFailedStepWhoseStartIsMissing() {
        LogReading reading = new LogBuilder()
                .step("3", "4", 10)
                .realdb("Migration 4 -> 5 failed: syntax error at line 3")
                .read();

        assertThat(reading.steps()).extracting(Step::key, Step::ended).containsExactly(
                tuple("3->4", true), tuple("4->5", false));
        assertThat(reading.events()).extracting(LogEvent::stepIndex, LogEvent::reason)
                .containsExactly(tuple(1, "syntax error at line 3"));
    }

    @Test
    void shouldCloseRunningStepWhenAnotherOneFails() {
        LogReading reading = new LogBuilder()
                .start("3", "4")
                .realdb("Migration 4 -> 5 failed")
                .read();

        assertThat(reading.steps()).extracting(Step::key, Step::ended).containsExactly(
                tuple("3->4", false), tuple("4->5", false));
        assertThat(reading.events()).extracting(LogEvent::stepIndex, LogEvent::reason).containsExactly(
                tuple(0, "then migration 4 -> 5 failed"), tuple(1, null));
    }

    @Test
    void shouldCloseStepFollowedByAnotherStart() {
        LogReading reading = new LogBuilder().start("4", "5").step("5", "6", 10).read();

        assertThat(reading.steps()).extracting(Step::key, Step::ended).containsExactly(
                tuple("4->5", false), tuple("5->6", true));
        assertThat(reading.events()).extracting(LogEvent::type, LogEvent::stepIndex, LogEvent::reason)
                .containsExactly(tuple(LogEvent.Type.MIGRATION_NOT_ENDED, 0, "5 -> 6 started next"));
    }

    @Test
    void shouldCloseStepFollowedByFinalVersion() {
        LogReading reading = new LogBuilder().start("4", "5").finalVersion("4").read();

        assertThat(reading.events()).extracting(LogEvent::type, LogEvent::reason)
                .containsExactly(tuple(LogEvent.Type.MIGRATION_NOT_ENDED, "final schema version 4 reported"));
        assertThat(reading.finalVersion()).isEqualTo("4");
    }

    @Test
    void shouldReadLogThatEndsInsideStep() {
        LogBuilder log = new LogBuilder().step("3", "4", 10);
        String startedAt = log.now();
        LogReading reading = log.start("4", "5").after(5_000).stdout("still working").read();

        assertThat(reading.steps()).extracting(Step::key, Step::ended, Step::durationMs).containsExactly(
                tuple("3->4", true, 10L), tuple("4->5", false, null));
        assertThat(reading.events()).extracting(LogEvent::type, LogEvent::stepIndex, LogEvent::at)
                .containsExactly(tuple(LogEvent.Type.END_NOT_FOUND, 1, startedAt));
        assertThat(reading.durationMs()).isEqualTo(5_010L);
    }

    @Test
    void shouldReadLogCutInTheMiddleOfLine() throws IOException {
        String log = new LogBuilder().step("3", "4", 10).build() + "2014-01-16 07:00:00,0";

        LogReading reading = new LogReader().read(new StringReader(log));

        assertThat(reading.steps()).extracting(Step::key).containsExactly("3->4");
        assertThat(reading.lines()).isEqualTo(3);
    }

    @Test
    void shouldReadEmptyLog() throws IOException {
        LogReading reading = new LogReader().read(new StringReader(""));

        assertThat(reading.steps()).isEmpty();
        assertThat(reading.durationMs()).isNull();
        assertThat(reading.finalVersion()).isNull();
        assertThat(reading.lastReachedVersion()).isNull();
        assertThat(reading.lines()).isZero();
    }

    @Test
    void shouldSurviveGarbage() {
        LogReading reading = new LogBuilder()
                .bare("")
                .bare("\u0000\u0001\u0002 binary \uFFFD junk")
                .bare("2014-01-16")
                .bare("2014-13-45 99:99:99,999 [output] 1 -> 2...")
                .bare("2014-01-16 07:00:00,000 output] 1 -> 2...")
                .bare("2014-01-16 07:00:00,000 [")
                .bare("2014-01-16 07:00:00,000 [output]")
                .bare("2014-01-16 07:00:00,000 [output")
                .bare("abcd-ef-gh ij:kl:mn,opq [output] 1 -> 2...")
                .output("")
                .output("...")
                .output(" -> ...")
                .output("Final schema version is ")
                .output("Innodb_rows_read")
                .output("Innodb_rows_read\t")
                .output("Innodb_rows_read\t99999999999999999999999")
                .realdb("Phase")
                .realdb("Migration")
                .realdb("Migration  ->  failed")
                .realdb("Expected final version is ")
                .step("1", "2", 10)
                .read();

        assertThat(reading.steps()).extracting(Step::key, Step::durationMs).containsExactly(tuple("1->2", 10L));
        assertThat(reading.finalVersion()).isNull();
        assertThat(reading.expectedFinalVersion()).isNull();
        assertThat(reading.events()).isEmpty();
        assertThat(reading.lines()).isEqualTo(22);
        assertThat(reading.problems()).containsExactly(
                "line 13: final schema version without a version",
                "line 16: counter value is not a number: read\t99999999999999999999999");
    }

    @Test
    void shouldDecodeBytesThatAreNotUtf8() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new LogBuilder().start("1", "2").build().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("2014-01-16 07:00:00,000 [stdout] caf".getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(new byte[] {(byte) 0xE9, (byte) 0xFF, (byte) 0xC3, '\n'});
        bytes.writeBytes(new LogBuilder().after(7).done().build().getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();

        LogReading reading = new LogReader(lines::add).read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(reading.steps()).extracting(Step::key, Step::durationMs).containsExactly(tuple("1->2", 7L));
        assertThat(lines.get(1)).startsWith("2014-01-16 07:00:00,000 [stdout] caf\uFFFD");
    }

    @Test
    void shouldReadWindowsLineEnds() {
        String log = new LogBuilder().step("1", "2", 10).finalVersion("2").build().replace("\n", "\r\n");

        LogReading reading = read(log);

        assertThat(reading.steps()).extracting(Step::key, Step::durationMs).containsExactly(tuple("1->2", 10L));
        assertThat(reading.finalVersion()).isEqualTo("2");
        assertThat(reading.lines()).isEqualTo(3);
    }

    @Test
    void shouldCutOverlongLinesAndReadOn() throws IOException {
        String longLine = "2014-01-16 07:00:00,000 [stdout] " + "x".repeat(200_000);
        String log = new LogBuilder().start("1", "2").build() + longLine + "\n" + new LogBuilder().after(3).done().build();
        List<String> lines = new ArrayList<>();

        LogReading reading = new LogReader(lines::add).read(new StringReader(log));

        assertThat(reading.steps()).extracting(Step::key, Step::durationMs).containsExactly(tuple("1->2", 3L));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).hasSize(LogReader.MAX_LINE_LENGTH).startsWith("2014-01-16 07:00:00,000 [stdout] xxx");
        assertThat(reading.problems()).containsExactly("1 line(s) longer than 65536 characters were cut");
    }

    @Test
    void shouldShowEveryLineToListenerIncludingContinuations() throws IOException {
        String log = new LogBuilder().start("1", "2").bare("  at some.Trace").bare("").done().build();
        List<String> lines = new ArrayList<>();

        new LogReader(lines::add).read(new StringReader(log));

        assertThat(lines).containsExactly(
                "2014-01-16 07:00:00,000 [output] 1 -> 2...",
                "  at some.Trace",
                "",
                "2014-01-16 07:00:00,000 [output] done");
    }

    @Test
    void shouldCapErrorsOfWholeRun() {
        LogBuilder log = new LogBuilder();
        for (int i = 0; i < LogReader.MAX_RUN_EVENTS + 5; i++) {
            log.realdb("Infrastructure error: disk full");
        }

        LogReading reading = log.read();

        assertThat(reading.events()).hasSize(LogReader.MAX_RUN_EVENTS);
        assertThat(reading.problems()).containsExactly("5 more error line(s) from realdb left out");
    }

    private static LogReading read(String log) {
        try {
            return new LogReader().read(new StringReader(log));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldTimeAStepFromTheToolsOwnMarkerAndKeepTheWholeProcessTime() {
        LogReading reading = new LogBuilder()
                .start("1a2b3c", "4d5e6f")
                .after(3_000).line("stderr", "INFO  [alembic.runtime.migration] Context impl MySQLImpl.")
                .after(300).line("stderr", "INFO  [alembic.runtime.migration] Running upgrade 1a2b3c -> 4d5e6f, add y")
                .after(1_000).line("stderr", "INFO  [alembic.runtime.migration] Running upgrade 4d5e6f -> 7a8b9c, fake")
                .after(200).realdb("Process time: 4512 ms")
                .done()
                .read();

        Step step = reading.steps().get(0);
        assertThat(step.durationMs()).isEqualTo(1_200);
        assertThat(step.durationSource()).isEqualTo(Step.FROM_MARKER);
        assertThat(step.processMs()).isEqualTo(4_512);
    }

    @Test
    void shouldRecogniseTheMarkersOfEveryKnownTool() {
        for (String marker : List.of(
                "INFO  [alembic.runtime.migration] Running downgrade 4d5e6f -> 1a2b3c, add y",
                "INFO: Migrating schema `shop` to version \"1.10 - add index\"",
                "Running Changeset: db/changelog.xml::7::alice",
                "133 -> 134... ")) {
            Step step = new LogBuilder().start("1", "2").after(500).stdout(marker).after(100).done().read().steps().get(0);
            assertThat(step.durationMs()).as(marker).isEqualTo(100);
            assertThat(step.processMs()).as(marker).isEqualTo(600);
        }
    }

    @Test
    void shouldTakeTheWholeStepWhenTheToolPrintedNoMarker() {
        Step step = new LogBuilder().start("1", "2").after(700).stdout("applied").after(50).done().read().steps().get(0);

        assertThat(step.durationMs()).isEqualTo(750);
        assertThat(step.processMs()).isEqualTo(750);
        assertThat(step.durationSource()).isEqualTo(Step.FROM_PROCESS);
    }

    @Test
    void shouldNotTakeAWrappersOwnWordsForTheToolsMarker() {
        Step step = new LogBuilder().start("1", "2").after(300).stdout("Running upgrade for nova, please wait")
                .after(200).done().read().steps().get(0);

        assertThat(step.durationSource()).isEqualTo(Step.FROM_PROCESS);
        assertThat(step.durationMs()).isEqualTo(500);
    }

    @Test
    void shouldIgnoreAMarkerPrintedOutsideAStep() {
        Step step = new LogBuilder().stdout("Running upgrade a -> b").after(100).start("1", "2").after(40).done()
                .read().steps().get(0);

        assertThat(step.durationMs()).isEqualTo(40);
        assertThat(step.durationSource()).isEqualTo(Step.FROM_PROCESS);
    }
}
