package io.realdb.jenkins

import org.junit.Test

import static org.assertj.core.api.Assertions.assertThat

/** Every argument of realDbUpgrade is checked before anything runs; a wrong one stops the step with its name. */
class RealDbUpgradeArgumentsTest extends PipelineTestSupport {

    private String stopsWith(Map args) {
        String error = stepError(args)
        assertThat(calls('sh')).as('nothing runs').isEmpty()
        assertThat(error).startsWith('realDbUpgrade: ')
        return error
    }

    @Test
    void shouldAskForTheDatasetWhenItIsMissing() {
        assertThat(stopsWith([change: 'feature'])).contains("argument 'dataset' is missing",
                "realDbUpgrade(dataset: 'nova_user_001')")
    }

    @Test
    void shouldNameAnUnknownArgumentAndListTheKnownOnes() {
        assertThat(stopsWith([datset: 'nova_user_001', change: 'feature'])).contains("unknown argument 'datset'",
                'the step takes dataset, datasets, voting, engine')
    }

    @Test
    void shouldRefuseOneDatasetAndSeveralAtOnce() {
        assertThat(stopsWith([dataset: 'a', datasets: ['b'], change: 'feature'])).contains("give 'dataset'", "or 'datasets'")
    }

    @Test
    void shouldNameAnArgumentOfTheWrongType() {
        assertThat(stopsWith([dataset: 'a', change: 'feature', voting: 'yes']))
                .contains("argument 'voting' must be true or false, not 'yes' (String)")
        assertThat(stopsWith([dataset: 42, change: 'feature']))
                .contains("argument 'dataset' must name a dataset", "not '42' (Integer)")
        assertThat(stopsWith([dataset: 'a', change: 'feature', args: ['--step-timeout', 600]]))
                .contains("argument 'args' must be a list of strings; args[1] is '600' (Integer)")
        assertThat(stopsWith([datasets: 'a', change: 'feature'])).contains("argument 'datasets' must be a non-empty list")
        assertThat(stopsWith([dataset: 'a', change: 'feature', impact: 'false']))
                .contains("argument 'impact' must be true or false, not 'false' (String)")
        assertThat(stopsWith([dataset: 'a', change: 'feature', impact: null]))
                .contains("argument 'impact' must be true or false, not null")
        assertThat(stopsWith([datasets: [], change: 'feature'])).contains("argument 'datasets' must be a non-empty list")
    }

    @Test
    void shouldNameAWrongDatasetEntry() {
        assertThat(stopsWith([datasets: ['a', [name: 'b', vote: false]], change: 'feature']))
                .contains("datasets[1] has unknown key 'vote'")
        assertThat(stopsWith([datasets: ['a', [name: 'b', voting: 'no']], change: 'feature']))
                .contains("datasets[1].voting must be true or false")
        assertThat(stopsWith([datasets: ['a', [voting: false]], change: 'feature']))
                .contains("argument 'datasets[1].name' must name a dataset")
        assertThat(stopsWith([datasets: ['a', 'other/a'], change: 'feature']))
                .contains("datasets 'datasets/a' and 'other/a' are both named 'a'")
    }

    @Test
    void shouldSayWhereTheRefsComeFromWhenTheyAreMissing() {
        assertThat(stopsWith([dataset: 'a'])).contains("argument 'change' is missing, and env.GERRIT_REFSPEC is not set")
        assertThat(stopsWith([dataset: 'a', change: null])).contains("argument 'change' is empty",
                'env.GERRIT_REFSPEC is not set')
        assertThat(stopsWith([dataset: 'a', change: 'feature', trunk: null])).contains("argument 'trunk' is empty",
                'env.GERRIT_BRANCH is not set')
    }

    @Test
    void shouldCheckTheEngineTheOutputFolderAndTheFileNames() {
        assertThat(stopsWith([dataset: 'a', change: 'feature', engine: 'Maria DB']))
                .contains("argument 'engine' must be an engine id such as 'mariadb', not 'Maria DB'")
        assertThat(stopsWith([dataset: 'a', change: 'feature', out: '../elsewhere']))
                .contains("argument 'out' must be a folder inside the workspace")
        assertThat(stopsWith([dataset: 'a', change: 'feature', junitFile: 'out/junit.xml']))
                .contains("argument 'junitFile' must be a file name (no folder)")
    }

    @Test
    void shouldRefuseTheImpactArgumentTogetherWithAnImpactOptionInArgs() {
        assertThat(stopsWith([dataset: 'a', change: 'feature', impact: false, args: ['--impact']]))
                .contains("argument 'impact' and '--impact' in 'args' both switch the online-impact probes: give only 'impact'")
        assertThat(stopsWith([dataset: 'a', change: 'feature', impact: true, args: ['--no-impact']]))
                .contains("argument 'impact' and '--no-impact' in 'args'")
    }

    @Test
    void shouldKeepTheLabelForSeveralDatasets() {
        assertThat(stopsWith([dataset: 'a', change: 'feature', label: 'big']))
                .contains("argument 'label' chooses agents for 'datasets'", "node('big')")
    }

    @Test
    void shouldOnlyUseAFetchedRealdbWithItsChecksum() {
        assertThat(stopsWith([dataset: 'a', change: 'feature', realdbUrl: 'https://ci.example.org/realdb.tar.gz']))
                .contains("argument 'realdbSha256' is missing")
        assertThat(stopsWith([dataset: 'a', change: 'feature', realdbUrl: 'https://ci.example.org/realdb.tar.gz',
                              realdbSha256: 'abc']))
                .contains("argument 'realdbSha256' must be 64 lower-case hex digits")
        assertThat(stopsWith([dataset: 'a', change: 'feature', realdbUrl: 'ftp://ci.example.org/realdb.tar.gz',
                              realdbSha256: 'ab' * 32]))
                .contains("argument 'realdbUrl' must be an http(s) or file URL")
        assertThat(stopsWith([dataset: 'a', change: 'feature', realdbSha256: 'ab' * 32]))
                .contains("argument 'realdbSha256' needs 'realdbUrl'")
    }

    @Test
    void shouldRefuseAHistoryUrlThatHoldsAPasswordWithoutRepeatingIt() {
        for (String url : ['jdbc:postgresql://db.example.org/realdb?user=ci&password=s3cret',
                           'jdbc:mariadb://db.example.org/realdb;pwd=s3cret',
                           'jdbc:mariadb://ci:s3cret@db.example.org/realdb']) {
            String error = stopsWith([dataset: 'a', change: 'feature', history: url])

            assertThat(error).contains("argument 'history' holds a password", "'historyCredentialsId'")
                    .doesNotContain('s3cret')
        }
    }

    @Test
    void shouldCheckTheHistoryItsCredentialsAndTheTrendsDepth() {
        assertThat(stopsWith([dataset: 'a', change: 'feature', history: 'agent']))
                .contains("argument 'history' must be 'archived'", "or 'none'; not 'agent'")
        assertThat(stopsWith([dataset: 'a', change: 'feature', history: 'jdbc:sqlite:/var/realdb.db']))
                .contains("argument 'history' must be a JDBC URL of PostgreSQL or MariaDB")
        assertThat(stopsWith([dataset: 'a', change: 'feature', historyCredentialsId: 'realdb-history']))
                .contains("argument 'historyCredentialsId' is for a shared history")
        assertThat(stopsWith([dataset: 'a', change: 'feature', trendBuilds: -1]))
                .contains("argument 'trendBuilds' must be a whole number, 0 or more, not '-1' (Integer)")
        assertThat(stopsWith([dataset: 'a', change: 'feature', trendBuilds: '20']))
                .contains("argument 'trendBuilds' must be a whole number")
        assertThat(stopsWith([dataset: 'a', change: 'feature', history: 'jdbc:postgresql://db/realdb', trendBuilds: 20]))
                .contains("argument 'trendBuilds' counts the earlier builds", "a shared history keeps every run")
    }

    @Test
    void shouldDocumentEveryArgumentInTheStepsHelp() {
        String known = stopsWith([help: true]).replaceFirst(/.*the step takes /, '')
        String help = new File('vars/realDbUpgrade.txt').text
        List<String> documented = (help =~ /<dt>([^<]+)<\/dt>/).collect { it[1].split(', ') as List }.flatten()

        assertThat(documented).containsAll(known.split(', ') as List)
    }
}
