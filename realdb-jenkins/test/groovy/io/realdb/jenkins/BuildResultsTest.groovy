package io.realdb.jenkins

import org.junit.Test

import static org.assertj.core.api.Assertions.assertThat

/**
 * The library's build results follow the tables in docs/ that the engine's VerdictRule is held to
 * (VerdictRuleTest): the step and realdb's own commands give the same runs the same verdict.
 */
class BuildResultsTest extends PipelineTestSupport {

    static final File EXIT_CODES = new File('../docs/exit-codes.tsv')
    static final File VERDICT_RULE = new File('../docs/verdict-rule.tsv')

    /** The rows of a table, each column by its header's name. */
    static List<Map<String, String>> rows(File table) {
        List<String> lines = table.readLines('UTF-8')
        List<String> header = lines[0].split('\t') as List
        return lines.drop(1).collect { String line ->
            List<String> cells = line.split('\t') as List
            assert cells.size() == header.size(): line
            [header, cells].transpose().collectEntries()
        }
    }

    /** What the library answers for each row of exit codes, and its exit codes, run as the step runs it. */
    private Map answers(List<List<Integer>> rows) {
        binding.setVariable('rows', rows)
        runScript('build-results.jenkins') as Map
    }

    @Test
    void shouldGiveEachExitCodeTheTablesBuildResult() {
        List<Map<String, String>> table = rows(EXIT_CODES)

        Map answers = answers(table.collect { [it['exit code'] as Integer] })

        table.eachWithIndex { Map<String, String> row, int i ->
            assertThat(answers.rows[i].combined).as("exit code ${row['exit code']}").isEqualTo(row['build result'])
        }
        Map<String, Integer> codes = table.findAll { it.verdict != 'none' }.collectEntries { [it.verdict, it['exit code'] as Integer] }
        Map<String, Integer> library = answers.exitCodes as Map
        assertThat([library.PASS, library.FAILURE, library.INFRASTRUCTURE, library.WARNING])
                .containsExactly(codes.PASS, codes.FAIL, codes.ERROR, codes.WARN)
        assertThat(library.BAD_INPUT).isEqualTo(table.find { it.meaning.startsWith('bad input') }['exit code'] as Integer)
    }

    @Test
    void shouldCombineDatasetsAsTheVerdictRuleSays() {
        Map<String, Integer> codes = rows(EXIT_CODES).findAll { it.verdict != 'none' }
                .collectEntries { [it.verdict, it['exit code'] as Integer] }
        List<Map<String, String>> table = rows(VERDICT_RULE)
        List<List<Integer>> exitCodes = table.collect { Map<String, String> row ->
            row.verdicts == 'none' ? [] : row.verdicts.split(' ').collect { codes[it] }
        }

        List<Map> answers = answers(exitCodes).rows as List<Map>

        assertThat(table).hasSize(16)
        table.eachWithIndex { Map<String, String> row, int i ->
            assertThat(answers[i].combined).as("datasets with ${row.verdicts}").isEqualTo(row['build result'])
        }
    }
}
