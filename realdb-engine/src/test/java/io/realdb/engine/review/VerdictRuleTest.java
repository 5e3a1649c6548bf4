package io.realdb.engine.review;

import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the verdict rule to the tables in docs/, which the Jenkins library's BuildResults is held
 * to as well: every command and the Pipeline step give the same runs the same verdict.
 */
class VerdictRuleTest {

    static final Path VERDICT_RULE = Path.of("../docs/verdict-rule.tsv");
    static final Path EXIT_CODES = Path.of("../docs/exit-codes.tsv");

    /** The rows of a table, each column by its header's name. */
    static List<Map<String, String>> rows(Path table) throws IOException {
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split("\t"));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            assertThat(cells).as(line).hasSameSizeAs(header.toArray());
            Map<String, String> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < cells.length; i++) {
                row.put(header.get(i), cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Set<Verdict> verdicts(String cell) {
        Set<Verdict> verdicts = EnumSet.noneOf(Verdict.class);
        if (!cell.equals("none")) {
            Arrays.stream(cell.split(" ")).map(Verdict::valueOf).forEach(verdicts::add);
        }
        return verdicts;
    }

    private static DatasetVerdict dataset(Verdict verdict, boolean voting) {
        return new DatasetVerdict(new RunResult(RunResult.SCHEMA_VERSION, "d", verdict, null, null, null, Map.of(),
                List.of(), List.of()), voting, null);
    }

    @Test
    void shouldCombineEverySetOfVerdictsAsTheTableSays() throws IOException {
        Set<Set<Verdict>> seen = new HashSet<>();
        for (Map<String, String> row : rows(VERDICT_RULE)) {
            Set<Verdict> verdicts = verdicts(row.get("verdicts"));
            String combined = VerdictRule.combine(verdicts).map(Verdict::name).orElse("none");
            int exitCode = VerdictRule.exitCode(verdicts);
            List<DatasetVerdict> datasets = new ArrayList<>(verdicts.stream().map(v -> dataset(v, true)).toList());
            // Non-voting datasets never count, whatever their verdict.
            datasets.add(dataset(Verdict.FAIL, false));
            datasets.add(dataset(Verdict.ERROR, false));
            CombinedVerdict review = CombinedVerdict.of(datasets);

            assertThat(seen.add(verdicts)).as("%s is in the table once", verdicts).isTrue();
            assertThat(combined).as("combined %s", verdicts).isEqualTo(row.get("combined"));
            assertThat(review.votes() ? review.verdict().name() : "none").as("review of %s", verdicts).isEqualTo(combined);
            assertThat(exitCode).as("exit code of %s", verdicts).isEqualTo(Integer.parseInt(row.get("exit code")));
            assertThat(VerdictRule.buildResult(exitCode)).as("build result of %s", verdicts).isEqualTo(row.get("build result"));
            assertThat(VoteLabel.VERIFIED.valueFor(review).map(v -> v > 0 ? "+" + v : String.valueOf(v)).orElse("none"))
                    .as("vote on %s", verdicts).isEqualTo(row.get("Verified"));
        }
        assertThat(seen).as("every set of verdicts, none included").hasSize(1 << Verdict.values().length);
    }

    @Test
    void shouldGiveEachVerdictAndExitCodeTheTablesExitCodeAndBuildResult() throws IOException {
        Set<Verdict> covered = EnumSet.noneOf(Verdict.class);
        for (Map<String, String> row : rows(EXIT_CODES)) {
            int code = Integer.parseInt(row.get("exit code"));
            if (!row.get("verdict").equals("none")) {
                Verdict verdict = Verdict.valueOf(row.get("verdict"));
                covered.add(verdict);
                assertThat(VerdictRule.exitCode(verdict)).as("exit code of %s", verdict).isEqualTo(code);
            }
            assertThat(VerdictRule.buildResult(code)).as("build result of exit code %d", code).isEqualTo(row.get("build result"));
        }
        assertThat(covered).containsExactlyInAnyOrder(Verdict.values());
    }

    @Test
    void shouldLetAFailureOutweighADatasetThatCouldNotRun() {
        assertThat(VerdictRule.combine(List.of(Verdict.ERROR, Verdict.FAIL))).contains(Verdict.FAIL);
        assertThat(VerdictRule.exitCode(List.of(Verdict.ERROR, Verdict.FAIL))).isEqualTo(VerdictRule.EXIT_FAILURE);
        assertThat(VerdictRule.combine(List.of(Verdict.ERROR, Verdict.WARN, Verdict.PASS))).contains(Verdict.ERROR);
        assertThat(VerdictRule.combine(List.of())).isEmpty();
    }
}
