package io.realdb.jenkins

import org.junit.Test

import static org.assertj.core.api.Assertions.assertThat

/**
 * Trends that survive agents: by default each run's history is rebuilt from the results that the
 * job's earlier builds archived; or every run records in a shared history whose password comes
 * from Jenkins credentials.
 */
class TrendHistoryTest extends PipelineTestSupport {

    static final Map ONE_DATASET = RealDbUpgradeTest.ONE_DATASET
    static final String TREND = '/ws@tmp/realdb-trend/nova_user_001'
    static final String TREND_HISTORY = "jdbc:h2:file:${TREND}/history/realdb"
    static final String SHARED = 'jdbc:postgresql://db.example.org:5432/realdb'

    @Test
    void shouldRebuildTheTrendsFromTheResultsThatEarlierBuildsArchivedForTheDataset() {
        earlierBuilds([6, 5, 4])
        // Build 5 stopped before it archived a result.
        archivedResults = [6: ['nova_user_001', 'nova_user_002'], 5: [], 4: ['nova_user_001']]

        Map outcome = runStep(ONE_DATASET)

        assertThat(mapArgs('copyArtifacts')).containsExactly(
                [projectName: 'nova-db', selector: [$class: 'SpecificBuildSelector', buildNumber: '6'],
                 filter     : 'realdb-out/nova_user_001/result.json', target: "${TREND}/builds/6".toString(), flatten: true,
                 optional   : true, fingerprintArtifacts: false],
                [projectName: 'nova-db', selector: [$class: 'SpecificBuildSelector', buildNumber: '5'],
                 filter     : 'realdb-out/nova_user_001/result.json', target: "${TREND}/builds/5".toString(), flatten: true,
                 optional   : true, fingerprintArtifacts: false],
                [projectName: 'nova-db', selector: [$class: 'SpecificBuildSelector', buildNumber: '4'],
                 filter     : 'realdb-out/nova_user_001/result.json', target: "${TREND}/builds/4".toString(), flatten: true,
                 optional   : true, fingerprintArtifacts: false])
        assertThat(files.keySet().findAll { it.endsWith('/result.json') && it.startsWith(TREND) })
                .containsExactlyInAnyOrder("${TREND}/builds/6/result.json".toString(), "${TREND}/builds/4/result.json".toString())
        assertThat(imports()).containsExactly(['realdb', 'history', 'import', '--history', TREND_HISTORY, '--build-id', '{dir}',
                                               '--build-url', 'https://ci.example.org/job/nova-db/{dir}/', "${TREND}/builds".toString()])
        assertThat(commands().findIndexOf { it[1] == 'history' }).isLessThan(commands().findIndexOf { it[1] == 'run' })
        assertThat(historyOf(realdbRuns()[0])).isEqualTo(TREND_HISTORY)
        assertThat(echoes()).anyMatch { it.contains('nova_user_001: trends from the results archived by builds #4 to #6') }
        assertThat(outcome.result).isEqualTo('SUCCESS')
    }

    @Test
    void shouldStartFromAnEmptyHistoryAndLeaveNothingOfItBehind() {
        runStep(ONE_DATASET)

        assertThat(calls('copyArtifacts')).isEmpty()
        assertThat(imports()).isEmpty()
        assertThat(historyOf(realdbRuns()[0])).isEqualTo(TREND_HISTORY)
        assertThat(echoes()).anyMatch { it.contains('no earlier build of this job; the trends start with this one') }
        // Emptied before the run, so that nothing of an earlier build on this agent counts, and removed after it.
        assertThat(calls('dir')*.args*.getAt(0).findAll { it == TREND }).hasSize(2)
    }

    @Test
    void shouldShowAsManyEarlierBuildsAsAsked() {
        earlierBuilds((10..1).toList())

        runStep(ONE_DATASET + [trendBuilds: 3])

        assertThat(mapArgs('copyArtifacts')*.selector*.buildNumber).containsExactly('10', '9', '8')
    }

    @Test
    void shouldGiveEachParallelDatasetAHistoryOfItsOwn() {
        earlierBuilds([6])
        archivedResults = [6: ['nova_user_001', 'nova_user_002']]

        runStep([datasets: ['nova_user_001', 'nova_user_002'], change: 'feature'])

        assertThat(mapArgs('copyArtifacts').collect { [it.filter, it.target] }).containsExactly(
                ['realdb-out/nova_user_001/result.json', '/ws@tmp/realdb-trend/nova_user_001/builds/6'],
                ['realdb-out/nova_user_002/result.json', '/ws@tmp/realdb-trend/nova_user_002/builds/6'])
        assertThat(imports().collect { historyOf(it) }).containsExactly(
                'jdbc:h2:file:/ws@tmp/realdb-trend/nova_user_001/history/realdb',
                'jdbc:h2:file:/ws@tmp/realdb-trend/nova_user_002/history/realdb')
        assertThat(realdbRuns().collect { historyOf(it) }).containsExactly(
                'jdbc:h2:file:/ws@tmp/realdb-trend/nova_user_001/history/realdb',
                'jdbc:h2:file:/ws@tmp/realdb-trend/nova_user_002/history/realdb')
    }

    @Test
    void shouldRunWithoutTheTrendsOfEarlierBuildsWhenCopyArtifactIsNotInstalled() {
        helper.allowedMethodCallbacks.remove(helper.allowedMethodCallbacks.keySet().find { it.name == 'copyArtifacts' })
        earlierBuilds([6, 5])

        Map outcome = runStep(ONE_DATASET)

        assertThat(echoes()).anyMatch { it.contains('the Copy Artifact plugin is not installed, so the trends show this build only') }
        assertThat(imports()).isEmpty()
        assertThat(historyOf(realdbRuns()[0])).isEqualTo(TREND_HISTORY)
        assertThat(outcome.result).isEqualTo('SUCCESS')
    }

    @Test
    void shouldKeepWhatItCopiedAndSayHowToAllowTheRestWhenACopyIsRefused() {
        earlierBuilds([6, 5, 4])
        archivedResults = [6: ['nova_user_001'], 5: ['nova_user_001'], 4: ['nova_user_001']]
        helper.registerAllowedMethod('copyArtifacts', [Map]) { Map step ->
            if ((step.selector as Map).buildNumber == '5') {
                throw new IOException('Unable to find project for artifact copy: nova-db')
            }
            copyArtifacts(step)
        }

        Map outcome = runStep(ONE_DATASET)

        assertThat(mapArgs('copyArtifacts')*.selector*.buildNumber).containsExactly('6', '5')
        assertThat(echoes()).anyMatch {
            it.contains('cannot copy the results of earlier builds (build #5: Unable to find project') &&
                    it.contains('properties([copyArtifactPermission(env.JOB_NAME)])')
        }
        assertThat(imports()).hasSize(1)
        assertThat(echoes()).anyMatch { it.contains('trends from the results archived by builds #6 to #6') }
        assertThat(outcome.result).isEqualTo('SUCCESS')
    }

    @Test
    void shouldSayWhenEarlierResultsCouldNotBeImported() {
        earlierBuilds([6])
        archivedResults = [6: ['nova_user_001']]
        importStatus = 2

        Map outcome = runStep(ONE_DATASET)

        assertThat(echoes()).anyMatch { it.contains('some earlier results could not be imported (exit 2') }
        assertThat(realdbRuns()).hasSize(1)
        assertThat(outcome.result).isEqualTo('SUCCESS')
    }

    @Test
    void shouldRecordInASharedHistoryWithThePasswordFromJenkinsCredentialsOnly() {
        earlierBuilds([6])

        runStep(ONE_DATASET + [history: SHARED, historyCredentialsId: 'realdb-history'])

        assertThat(calls('copyArtifacts')).isEmpty()
        assertThat(imports()).isEmpty()
        assertThat(historyOf(realdbRuns()[0])).isEqualTo(SHARED)
        assertThat(calls('withCredentials')).hasSize(1)
        assertThat(calls('withCredentials')[0].args[0] as List).containsExactly(
                [credentialsId: 'realdb-history', usernameVariable: 'REALDB_HISTORY_USER', passwordVariable: 'REALDB_HISTORY_PASSWORD'])
        int run = commands().findIndexOf { it[1] == 'run' }
        assertThat(environments[run]).containsEntry('REALDB_HISTORY_USER', 'realdb_ci')
                .containsEntry('REALDB_HISTORY_PASSWORD', 's3cret-history-password')
        environments.eachWithIndex { Map env, int i ->
            if (i != run) {
                assertThat(env).as("sh step ${i}").doesNotContainKeys('REALDB_HISTORY_USER', 'REALDB_HISTORY_PASSWORD')
            }
        }
        assertThat(mapArgs('sh')*.script + echoes() + errors).noneMatch { it.contains('s3cret-history-password') }
    }

    @Test
    void shouldTakeTheSharedHistoryAndItsCredentialsFromTheEnvironment() {
        binding.getVariable('env').putAll([REALDB_HISTORY_URL: SHARED, REALDB_HISTORY_CREDENTIALS: 'realdb-history'])

        runStep(ONE_DATASET)

        assertThat(historyOf(realdbRuns()[0])).isEqualTo(SHARED)
        assertThat(calls('withCredentials')).hasSize(1)
    }

    @Test
    void shouldRunWithASharedHistoryWithoutCredentialsWhenNoneAreGiven() {
        runStep(ONE_DATASET + [history: SHARED])

        assertThat(historyOf(realdbRuns()[0])).isEqualTo(SHARED)
        assertThat(calls('withCredentials')).isEmpty()
    }

    @Test
    void shouldKeepNoHistoryWhenToldTo() {
        earlierBuilds([6])

        runStep(ONE_DATASET + [history: 'none'])

        assertThat(realdbRuns()[0]).contains('--no-history').doesNotContain('--history')
        assertThat(calls('copyArtifacts')).isEmpty()
    }
}
