package io.realdb.engine.review;

import io.realdb.engine.BadInputException;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How datasets' verdicts combine into one vote per patch set, and what a review is addressed to. */
class ReviewVerdictsTest {

    @TempDir
    Path dir;

    private static DatasetVerdict dataset(String name, Verdict verdict, boolean voting) {
        return new DatasetVerdict(new RunResult(RunResult.SCHEMA_VERSION, name, verdict, null, null, null, Map.of(),
                List.of(), List.of()), voting, null);
    }

    private static Integer vote(DatasetVerdict... datasets) {
        return VoteLabel.VERIFIED.valueFor(CombinedVerdict.of(List.of(datasets))).orElse(null);
    }

    @Test
    void shouldVoteForTheChangeWhenEveryVotingDatasetPasses() {
        assertThat(vote(dataset("a", Verdict.PASS, true), dataset("b", Verdict.WARN, true))).isEqualTo(1);
    }

    @Test
    void shouldVoteAgainstTheChangeWhenAnyVotingDatasetFailsEvenBesideAnError() {
        CombinedVerdict combined = CombinedVerdict.of(List.of(dataset("a", Verdict.PASS, true),
                dataset("b", Verdict.FAIL, true), dataset("c", Verdict.ERROR, true)));

        assertThat(combined).isEqualTo(new CombinedVerdict(Verdict.FAIL, 3, 1, 1, 0));
        assertThat(VoteLabel.VERIFIED.valueFor(combined)).contains(-1);
    }

    @Test
    void shouldNeverVoteAgainstTheChangeForAnInfrastructureError() {
        assertThat(vote(dataset("a", Verdict.PASS, true), dataset("b", Verdict.ERROR, true))).isZero();
    }

    @Test
    void shouldLeaveNonVotingDatasetsOutOfTheVote() {
        assertThat(vote(dataset("a", Verdict.PASS, true), dataset("b", Verdict.FAIL, false))).isEqualTo(1);
        assertThat(vote(dataset("b", Verdict.FAIL, false))).isNull();
    }

    @Test
    void shouldUseTheConfiguredLabelValues() {
        VoteLabel label = new VoteLabel("Upgrade-Tested", 2, 0, -2);

        assertThat(label.valueFor(CombinedVerdict.of(List.of(dataset("a", Verdict.FAIL, true))))).contains(-2);
        assertThat(label.valueFor(CombinedVerdict.of(List.of(dataset("a", Verdict.WARN, true))))).contains(0);
        assertThatThrownBy(() -> new VoteLabel("Verified 2", 1, 1, -1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("label name 'Verified 2'");
    }

    @Test
    void shouldReportARunWithoutResultAsAnInfrastructureErrorNamedAfterItsFolder() {
        DatasetVerdict missing = DatasetVerdict.read(dir.resolve("nova_user_001"), true);

        assertThat(missing.name()).isEqualTo("nova_user_001");
        assertThat(missing.result().verdict()).isEqualTo(Verdict.ERROR);
        assertThat(missing.result().findings().get(0).message())
                .contains("realdb wrote no result", "nova_user_001/result.json is missing");
    }

    @Test
    void shouldReadAResultFromItsFolderOrItsFile() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        ResultJson.write(dataset("nova_user_002", Verdict.WARN, true).result(), out.resolve("result.json"));

        assertThat(DatasetVerdict.read(out, false).name()).isEqualTo("nova_user_002");
        assertThat(DatasetVerdict.read(out.resolve("result.json"), true).result().verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void shouldAddressOnePatchSetByNumberProjectOrRef() {
        assertThat(ChangeTarget.parse("65615", "3")).isEqualTo(new ChangeTarget("65615", 3));
        assertThat(ChangeTarget.parse("nova~65615", "3")).isEqualTo(new ChangeTarget("nova~65615", 3));
        assertThat(ChangeTarget.parse("refs/changes/15/65615/3", null)).isEqualTo(new ChangeTarget("65615", 3));
        assertThat(ChangeTarget.parse("refs/changes/07/7/1", "1")).isEqualTo(new ChangeTarget("7", 1));
    }

    @Test
    void shouldNameWhatIsWrongWithAChangeOrPatchSet() {
        assertThatThrownBy(() -> ChangeTarget.parse("65615", null)).hasMessageContaining("no patch set given for change 65615");
        assertThatThrownBy(() -> ChangeTarget.parse("I8473b95934b5732ac55d26311a706c9c2bde9940", "1"))
                .hasMessageContaining("neither a change number");
        assertThatThrownBy(() -> ChangeTarget.parse("65615", "three")).hasMessageContaining("patch set 'three'");
        assertThatThrownBy(() -> ChangeTarget.parse("refs/changes/15/65615/3", "4"))
                .hasMessageContaining("patch set 4 does not match the change ref");
        assertThatThrownBy(() -> ChangeTarget.parse("refs/changes/99/65615/3", null))
                .hasMessageContaining("last two digits of the change number (15)");
    }

    @Test
    void shouldReadTheHttpPasswordFromAFileOrTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("gerrit-password"), "s3cret\n");

        assertThat(GerritCredentials.fromFile("bot", file).describe()).isEqualTo("user bot, HTTP password from file " + file);
        assertThatThrownBy(() -> GerritCredentials.fromEnvironment("bot", "GERRIT_PW", name -> null))
                .isInstanceOf(BadInputException.class).hasMessageContaining("GERRIT_PW").hasMessageContaining("not set");
        assertThatThrownBy(() -> GerritCredentials.fromFile("bot", dir.resolve("none")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("cannot be read");
    }
}
