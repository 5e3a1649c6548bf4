package io.realdb.jenkins

import org.junit.Test

import static org.assertj.core.api.Assertions.assertThat

/** The project's own Jenkinsfile, run with this library: the example in it must work. */
class JenkinsfileTest extends PipelineTestSupport {

    @Test
    void shouldBuildTestPackageAndRunTheDemoDatasetNonVoting() {
        exitCodes.dataset = 1

        runScript('Jenkinsfile')

        assertThat(calls('stage')*.args*.getAt(0)).containsExactly('Checkout', 'Test', 'Distribution', 'Migrations')
        assertThat(calls('node')*.args*.getAt(0)).containsExactly('realdb')
        assertThat(calls('sh').findAll { it.args[0] instanceof String }*.args*.getAt(0))
                .contains('mvn -B test', './realdb demo --inputs-only --out realdb-demo')
        assertThat(realdbRuns()).containsExactly(['./realdb', 'run', '--dataset', 'realdb-demo/inputs/dataset',
                                                  '--project', 'realdb-demo/inputs/project', '--trunk', 'master',
                                                  '--change', 'change', '--out', 'realdb-out/dataset',
                                                  '--history', 'jdbc:h2:file:/ws@tmp/realdb-trend/dataset/history/realdb'])
        assertThat(commands().find { it[1] == 'message' }).endsWith('--non-voting', 'realdb-out/dataset')
        assertThat(buildResult()).isNull()
    }
}
