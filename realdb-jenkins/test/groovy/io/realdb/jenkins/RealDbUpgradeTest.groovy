package io.realdb.jenkins

import org.junit.Test

import static org.assertj.core.api.Assertions.assertThat

/** The step realDbUpgrade, run as a Pipeline calls it: the steps it calls and the build result it leaves. */
class RealDbUpgradeTest extends PipelineTestSupport {

    public static final Map ONE_DATASET = [dataset: 'nova_user_001', engine: 'mariadb', project: '.', trunk: 'master',
                                    change : 'refs/changes/15/65615/3', voting: true]

    @Test
    void shouldRunRealdbOnThisAgentAndPassTheBuildWhenTheChangePasses() {
        Map outcome = runStep(ONE_DATASET)

        assertThat(realdbRuns()).containsExactly(['realdb', 'run', '--dataset', 'datasets/nova_user_001',
                                                  '--project', '.', '--trunk', 'master', '--change', 'refs/changes/15/65615/3',
                                                  '--out', 'realdb-out/nova_user_001', '--engine', 'mariadb',
                                                  '--history', 'jdbc:h2:file:/ws@tmp/realdb-trend/nova_user_001/history/realdb'])
        assertThat(calls('node')).isEmpty()
        assertThat(buildResult()).isNull()
        assertThat(outcome.result).isEqualTo('SUCCESS')
        assertThat(outcome.datasets*.exitCode).containsExactly(0)
    }

    @Test
    void shouldPublishTheJunitFileTheArtifactsAndTheReport() {
        runStep(ONE_DATASET)

        assertThat(mapArgs('junit')).containsExactly([testResults: 'realdb-out/nova_user_001/junit.xml',
                                                      allowEmptyResults: true, skipMarkingBuildUnstable: true])
        assertThat(mapArgs('archiveArtifacts')*.artifacts).containsExactly(
                'realdb-out/nova_user_001/realdb.log,realdb-out/nova_user_001/result.json,' +
                        'realdb-out/nova_user_001/report.html,realdb-out/nova_user_001/junit.xml,' +
                        'realdb-out/nova_user_001/review-message.txt',
                'realdb-out/review-message.txt')
        Map html = mapArgs('publishHTML')[0].target as Map
        assertThat(html).containsEntry('reportDir', 'realdb-out/nova_user_001').containsEntry('reportFiles', 'report.html')
                .containsEntry('reportName', 'realdb nova_user_001').containsEntry('keepAll', true)
    }

    @Test
    void shouldFailTheBuildAndHandTheMessageToGerritTriggerWhenTheChangeFails() {
        exitCodes.nova_user_001 = 1

        Map outcome = runStep(ONE_DATASET + [gerritReview: true])

        assertThat(buildResult()).isEqualTo('FAILURE')
        assertThat(outcome.result).isEqualTo('FAILURE')
        assertThat(mapArgs('setGerritReview')).containsExactly([unsuccessfulMessage: MESSAGE])
        assertThat(commands()).contains(['realdb', 'message', '--job', 'real-db-upgrade', '--report-url',
                                         'https://ci.example.org/job/nova-db/7/artifact/realdb-out/{dir}/report.html',
                                         'realdb-out/nova_user_001'])
        assertThat(mapArgs('sh').find { it.label == 'realdb message' }.script as String)
                .endsWith(" > 'realdb-out/review-message.txt'")
    }

    @Test
    void shouldMakeTheBuildUnstableOnWarnings() {
        exitCodes.nova_user_001 = 4

        runStep(ONE_DATASET)

        assertThat(buildResult()).isEqualTo('UNSTABLE')
    }

    @Test
    void shouldNotBlameTheChangeForAnInfrastructureErrorAndSayWhyInTheLog() {
        exitCodes.nova_user_001 = 3

        Map outcome = runStep(ONE_DATASET + [gerritReview: true])

        assertThat(buildResult()).isEqualTo('NOT_BUILT')
        assertThat(outcome.result).isEqualTo('NOT_BUILT')
        assertThat(errors).isEmpty()
        assertThat(echoes()).anyMatch { it.contains("realdb exited 3 (infrastructure error, not the change's fault)") }
        assertThat(echoes()).anyMatch { it.startsWith('realDbUpgrade: review message:\n' + MESSAGE) }
        assertThat(echoes()).anyMatch { it.contains('the build is NOT_BUILT so that the change is not blamed') }
        assertThat(calls('setGerritReview')).hasSize(1)
    }

    @Test
    void shouldStopWithoutBlamingTheChangeWhenRealdbRefusesItsInput() {
        exitCodes.nova_user_001 = 2

        String error = stepError(ONE_DATASET)

        assertThat(error).isEqualTo("realDbUpgrade: realdb refused its input for nova_user_001 (exit 2): its message " +
                "above names the file, field or value to fix")
        assertThat(buildResult()).isEqualTo('NOT_BUILT')
        assertThat(calls('archiveArtifacts')).isNotEmpty()
    }

    @Test
    void shouldLeaveTheBuildResultAloneForANonVotingDataset() {
        exitCodes.nova_user_001 = 1

        Map outcome = runStep(ONE_DATASET + [voting: false])

        assertThat(buildResult()).isNull()
        assertThat(outcome.result).isEqualTo('SUCCESS')
        assertThat(commands().find { it[1] == 'message' }).endsWith('--non-voting', 'realdb-out/nova_user_001')
        assertThat(mapArgs('junit')[0].skipMarkingBuildUnstable).isEqualTo(true)
        assertThat(echoes()).anyMatch { it.contains('non-voting: the build result does not depend on it') }
    }

    @Test
    void shouldRunSeveralDatasetsInParallelOnLabelledAgentsAndCollectOneSummary() {
        binding.getVariable('env').remove('NODE_NAME')
        exitCodes.nova_user_002 = 1
        exitCodes.nova_user_003 = 3

        Map outcome = runStep([datasets: ['nova_user_001', 'nova_user_002', [name: 'nova_user_003', voting: false]],
                               label   : 'realdb-big', change: 'refs/changes/15/65615/3', gerritReview: true])

        assertThat(calls('parallel')).hasSize(1)
        Map branches = calls('parallel')[0].args[0] as Map
        assertThat(branches.keySet()).containsExactly('failFast', 'realdb nova_user_001', 'realdb nova_user_002',
                'realdb nova_user_003')
        assertThat(calls('node')*.args*.getAt(0)).containsOnly('realdb-big').hasSize(4)
        assertThat(calls('checkout')).hasSize(3)
        assertThat(realdbRuns()*.getAt(3)).containsExactly('datasets/nova_user_001', 'datasets/nova_user_002',
                'datasets/nova_user_003')
        assertThat(mapArgs('stash')*.name).containsExactly('realdb-nova_user_001', 'realdb-nova_user_002',
                'realdb-nova_user_003')
        assertThat(calls('unstash')*.args*.getAt(0)).containsExactly('realdb-nova_user_001', 'realdb-nova_user_002',
                'realdb-nova_user_003')
        assertThat(commands().findAll { it[1] == 'message' }).containsExactly(['realdb', 'message', '--job', 'real-db-upgrade',
                '--report-url', 'https://ci.example.org/job/nova-db/7/artifact/realdb-out/{dir}/report.html',
                'realdb-out/nova_user_001', 'realdb-out/nova_user_002', '--non-voting', 'realdb-out/nova_user_003'])
        assertThat(calls('junit')).hasSize(3)
        assertThat(calls('setGerritReview')).hasSize(1)
        assertThat(buildResult()).isEqualTo('FAILURE')
        assertThat(outcome.datasets*.result).containsExactly('SUCCESS', 'FAILURE', 'NOT_BUILT')
    }

    @Test
    void shouldLetAFailureOutweighADatasetThatCouldNotRun() {
        exitCodes.nova_user_001 = 3
        exitCodes.nova_user_002 = 1

        runStep([datasets: ['nova_user_001', 'nova_user_002'], change: 'feature'])

        assertThat(buildResult()).isEqualTo('FAILURE')
        assertThat(calls('node')).hasSize(2)
    }

    @Test
    void shouldNotBlameTheChangeWhenAnAgentIsLostInABranch() {
        binding.getVariable('env').remove('NODE_NAME')
        helper.registerAllowedMethod('checkout', [Map]) { Map scm ->
            if (calls('checkout').size() == 2) {
                throw new IOException('agent realdb-big-2 went away: channel closed')
            }
        }

        Map outcome = runStep([datasets: ['nova_user_001', 'nova_user_002'], change: 'feature'])

        assertThat(outcome.datasets*.result).containsExactly('SUCCESS', 'NOT_BUILT')
        assertThat(buildResult()).isEqualTo('NOT_BUILT')
        assertThat(calls('unstash')*.args*.getAt(0)).containsExactly('realdb-nova_user_001')
        assertThat(echoes()).anyMatch { it.contains('nova_user_002: its agent failed it') && it.contains('channel closed') }
    }

    @Test
    void shouldSummariseOnTheCurrentAgentWhenCalledInsideANode() {
        runStep([datasets: ['nova_user_001', 'nova_user_002'], change: 'feature', checkout: false])

        assertThat(calls('node')).hasSize(2)
        assertThat(calls('checkout')).isEmpty()
        assertThat(calls('unstash')).hasSize(2)
    }

    @Test
    void shouldTakeTheRefsFromGerritTriggerAndTheDatasetsFolderFromTheEnvironment() {
        binding.getVariable('env').putAll([GERRIT_BRANCH  : 'stable/2024.1', GERRIT_REFSPEC: 'refs/changes/15/65615/3',
                                           GERRIT_CHANGE_NUMBER: '65615', REALDB_DATASETS: '/srv/realdb/datasets'])

        runStep([dataset: 'nova_user_001'])

        assertThat(realdbRuns()[0]).containsSubsequence('--dataset', '/srv/realdb/datasets/nova_user_001',
                '--trunk', 'stable/2024.1', '--change', 'refs/changes/15/65615/3')
        assertThat(calls('setGerritReview')).hasSize(1)
    }

    @Test
    void shouldPassMoreArgumentsToRealdbRunQuotedForTheShell() {
        runStep(ONE_DATASET + [args: ['--step-timeout', '600', '--pass-env', "NOVA_'CONF", '$(reboot)']])

        String script = mapArgs('sh').find { it.label == 'realdb run nova_user_001' }.script
        assertThat(script).endsWith("'--step-timeout' '600' '--pass-env' 'NOVA_'\\''CONF' '\$(reboot)'")
    }

    @Test
    void shouldRunRealdbWithoutTheImpactProbesWhenToldTo() {
        runStep(ONE_DATASET + [impact: false, args: ['--step-timeout', '600']])

        assertThat(realdbRuns()).containsExactly(['realdb', 'run', '--dataset', 'datasets/nova_user_001',
                                                  '--project', '.', '--trunk', 'master', '--change', 'refs/changes/15/65615/3',
                                                  '--out', 'realdb-out/nova_user_001', '--engine', 'mariadb',
                                                  '--history', 'jdbc:h2:file:/ws@tmp/realdb-trend/nova_user_001/history/realdb',
                                                  '--no-impact', '--step-timeout', '600'])
    }

    @Test
    void shouldLeaveTheImpactProbesToEachDatasetsConfigWhenImpactIsTrue() {
        runStep(ONE_DATASET + [impact: true])

        assertThat(realdbRuns()).hasSize(1)
        assertThat(realdbRuns()[0]).doesNotContain('--no-impact', '--impact')
    }

    @Test
    void shouldTurnTheImpactProbesOffInEveryParallelDataset() {
        runStep([datasets: ['nova_user_001', 'nova_user_002'], change: 'refs/changes/15/65615/3', impact: false])

        assertThat(realdbRuns()).hasSize(2)
        assertThat(realdbRuns()[0]).contains('--no-impact')
        assertThat(realdbRuns()[1]).contains('--no-impact')
    }

    @Test
    void shouldUseTheConfiguredFileNames() {
        writtenByRun = ['realdb.log', 'result.json', 'steps.xml', 'page.html']

        runStep(ONE_DATASET + [junitFile: 'steps.xml', reportFile: 'page.html', reviewMessageFile: 'vote.txt'])

        assertThat(mapArgs('junit')*.testResults).containsExactly('realdb-out/nova_user_001/steps.xml')
        assertThat((mapArgs('publishHTML')[0].target as Map).reportFiles).isEqualTo('page.html')
        assertThat(mapArgs('archiveArtifacts')*.artifacts).contains('realdb-out/vote.txt')
    }

    @Test
    void shouldSkipWhatARunDidNotWrite() {
        writtenByRun = ['realdb.log', 'result.json']

        runStep(ONE_DATASET)

        assertThat(calls('junit')).isEmpty()
        assertThat(calls('publishHTML')).isEmpty()
        assertThat(commands().find { it[1] == 'message' }).contains(
                'https://ci.example.org/job/nova-db/7/artifact/realdb-out/{dir}/')
    }

    @Test
    void shouldArchiveTheReportWhenTheHtmlPublisherIsNotInstalled() {
        helper.allowedMethodCallbacks.remove(helper.allowedMethodCallbacks.keySet().find { it.name == 'publishHTML' })

        Map outcome = runStep(ONE_DATASET)

        assertThat(outcome.result).isEqualTo('SUCCESS')
        assertThat(echoes()).anyMatch { it.contains('HTML Publisher plugin is not installed') }
    }

    @Test
    void shouldGoOnWithoutGerritTrigger() {
        helper.allowedMethodCallbacks.remove(helper.allowedMethodCallbacks.keySet().find { it.name == 'setGerritReview' })
        exitCodes.nova_user_001 = 1

        runStep(ONE_DATASET + [gerritReview: true])

        assertThat(buildResult()).isEqualTo('FAILURE')
        assertThat(echoes()).anyMatch { it.contains("setGerritReview step is not available") }
    }

    @Test
    void shouldStopAsNotBuiltWhenRealdbIsNotOnTheAgent() {
        versionStatus = 127

        String error = stepError(ONE_DATASET + [realdb: '/opt/realdb/bin/realdb'])

        assertThat(error).contains("'/opt/realdb/bin/realdb --version' exited 127 (realdb was not found on this agent)",
                "argument 'realdb'", "'realdbUrl' and 'realdbSha256'", "not the change's fault")
        assertThat(buildResult()).isEqualTo('NOT_BUILT')
        assertThat(realdbRuns()).isEmpty()
    }

    @Test
    void shouldFetchRealdbFromTheConfiguredPlaceAndCheckItsChecksum() {
        String sha = 'ab' * 32
        binding.getVariable('env').putAll([REALDB_URL: 'https://ci.example.org/realdb/realdb-0.1.tar.gz', REALDB_SHA256: sha])

        runStep(ONE_DATASET)

        assertThat(files['/ws@tmp/realdb-install.sh']).startsWith('#!/bin/sh').contains('sha256sum')
        assertThat(commands()[0]).containsExactly('sh', '/ws@tmp/realdb-install.sh',
                'https://ci.example.org/realdb/realdb-0.1.tar.gz', sha, '')
        assertThat(realdbRuns()[0][0]).isEqualTo("/root/.cache/realdb/$sha/bin/realdb".toString())
    }
}
