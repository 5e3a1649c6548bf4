package io.realdb.jenkins

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import com.lesfurets.jenkins.unit.MethodCall
import com.lesfurets.jenkins.unit.global.lib.SourceRetriever
import org.junit.Before

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

/**
 * Runs Pipelines with the library loaded as Jenkins loads it (vars/, src/, resources/ of this
 * module), under the CPS interpreter as Jenkins runs them (every value kept across a step must be
 * serialisable), and with the steps it calls recorded. The sh step stands in for realdb: a run exits
 * with the code the test gives its dataset and leaves the files the test says it wrote.
 */
abstract class PipelineTestSupport extends BasePipelineTestCPS {

    public static final String MESSAGE = 'realdb: the migrations failed on 1 of 1 voting dataset.\n\n- real-db-upgrade nova_user_001 FAILURE'

    /** What realdb run exits with, by dataset name; 0 when not given. */
    Map<String, Integer> exitCodes = [:]
    /** What "realdb --version" exits with. */
    int versionStatus = 0
    /** The files each run writes into its output folder. */
    List<String> writtenByRun = ['realdb.log', 'result.json', 'junit.xml', 'report.html', 'review-message.txt']
    /** Files in the simulated workspace, with their text. */
    Map<String, String> files = [:]
    /** The error messages the step stopped with. */
    List<String> errors = []
    /** Which datasets' results each earlier build of the job archived, by build number. */
    Map<Integer, List<String>> archivedResults = [:]
    /** What "realdb history import" exits with. */
    int importStatus = 0
    /** The build's environment as each sh step saw it, in order. */
    List<Map> environments = []

    /** What Jenkins' credentials store gives withCredentials for each credentials id. */
    static final Map<String, List<String>> CREDENTIALS = ['realdb-history': ['realdb_ci', 's3cret-history-password']]

    static class ThisModule implements SourceRetriever {
        @Override
        List<URL> retrieve(String repository, String branch, String targetPath) {
            [new File('.').canonicalFile.toURI().toURL()]
        }
    }

    @Before
    @Override
    void setUp() throws Exception {
        scriptRoots = ['test/resources/pipelines', '..'] as String[]
        super.setUp()
        helper.registerSharedLibrary(library().name('realdb').retriever(new ThisModule()).targetPath('library')
                .defaultVersion('master').allowOverride(true).implicit(false).build())

        binding.setVariable('env', [BUILD_URL: 'https://ci.example.org/job/nova-db/7/', NODE_NAME: 'agent-1',
                                    JOB_NAME : 'nova-db', JOB_URL: 'https://ci.example.org/job/nova-db/'])
        binding.setVariable('scm', [$class: 'GitSCM'])
        binding.setVariable('currentBuild', [result: null, number: 7, previousBuild: null])

        helper.registerAllowedMethod('error', [String]) { String message ->
            errors << message
            throw new StepError(message)
        }
        helper.registerAllowedMethod('sh', [Map]) { Map step -> shell(step) }
        helper.registerAllowedMethod('fileExists', [String]) { String path -> files.containsKey(path) }
        helper.registerAllowedMethod('readFile', [String]) { String path ->
            if (!files.containsKey(path)) {
                throw new FileNotFoundException(path)
            }
            files[path]
        }
        helper.registerAllowedMethod('writeFile', [Map]) { Map step -> files[step.file] = step.text }
        helper.registerAllowedMethod('pwd', [Map]) { Map step -> step.tmp ? '/ws@tmp' : '/ws' }
        helper.registerAllowedMethod('deleteDir', []) { -> }
        helper.registerAllowedMethod('junit', [Map], null)
        helper.registerAllowedMethod('stash', [Map], null)
        helper.registerAllowedMethod('unstash', [String], null)
        helper.registerAllowedMethod('publishHTML', [Map], null)
        helper.registerAllowedMethod('setGerritReview', [Map], null)
        helper.registerAllowedMethod('specific', [String]) { String number -> [$class: 'SpecificBuildSelector', buildNumber: number] }
        helper.registerAllowedMethod('copyArtifacts', [Map]) { Map step -> copyArtifacts(step) }
        helper.registerAllowedMethod('usernamePassword', [Map]) { Map credentials -> credentials }
        helper.registerAllowedMethod('withCredentials', [List, Closure]) { List bindings, Closure body ->
            withCredentials(bindings, body)
        }
    }

    /** The build's earlier builds, newest first, as currentBuild.previousBuild and its previousBuild give them. */
    void earlierBuilds(List<Integer> numbers) {
        Map previous = null
        for (Integer number : numbers.reverse()) {
            previous = [number: number, previousBuild: previous]
        }
        binding.getVariable('currentBuild').previousBuild = previous
    }

    /** Copy Artifact's step: an earlier build's archived result, when it has one, into the target folder. */
    protected void copyArtifacts(Map step) {
        assert step.projectName == binding.getVariable('env').JOB_NAME
        assert step.optional == true && step.flatten == true
        Integer number = (step.selector as Map).buildNumber as Integer
        String dataset = (step.filter as String).tokenize('/')[-2]
        if (archivedResults.getOrDefault(number, []).contains(dataset)) {
            files["${step.target}/result.json".toString()] = "{\"dataset\": \"${dataset}\"}".toString()
        }
    }

    /** The Credentials Binding plugin's step: the credentials in the environment while the body runs. */
    protected Object withCredentials(List bindings, Closure body) {
        Map env = binding.getVariable('env') as Map
        for (Map credentials : bindings) {
            List<String> secret = CREDENTIALS[credentials.credentialsId]
            if (secret == null) {
                throw new StepError("Could not find credentials entry with ID '${credentials.credentialsId}'")
            }
            env[credentials.usernameVariable] = secret[0]
            env[credentials.passwordVariable] = secret[1]
        }
        try {
            return helper.callClosure(body)
        } finally {
            for (Map credentials : bindings) {
                env.remove(credentials.usernameVariable)
                env.remove(credentials.passwordVariable)
            }
        }
    }

    static class StepError extends RuntimeException {
        StepError(String message) {
            super(message)
        }
    }

    protected Object shell(Map step) {
        environments << new HashMap(binding.getVariable('env') as Map)
        List<String> words = words(step.script)
        String out = redirect(step.script)
        if (words.contains('--version')) {
            return versionStatus
        }
        if (words[0] == 'sh' && words[1].endsWith('realdb-install.sh')) {
            files[out] = '/root/.cache/realdb/' + words[3] + '/bin/realdb\n'
            return 0
        }
        if (words[1] == 'run') {
            String dir = words[words.indexOf('--out') + 1]
            String name = dir.tokenize('/').last()
            writtenByRun.each { files["$dir/$it".toString()] = '' }
            return exitCodes.getOrDefault(name, 0)
        }
        if (words[1] == 'history' && words[2] == 'import') {
            return importStatus
        }
        if (words[1] == 'message') {
            files[out] = MESSAGE + '\n'
            return 0
        }
        throw new AssertionError("unexpected sh script: ${step.script}")
    }

    /** The words of a command line that Shell.join quoted. */
    static List<String> words(String script) {
        (script.split(' > ')[0] =~ /'((?:[^']|'\\'')*)'/).collect { it[1].replace("'\\''", "'") }
    }

    protected static String redirect(String script) {
        String[] parts = script.split(' > ')
        parts.length > 1 ? words(parts[1])[0] : null
    }

    Object runStep(Map args) {
        binding.setVariable('stepArgs', args)
        runScript('step.jenkins')
    }

    /** Runs the step and returns the error it stopped with. */
    String stepError(Map args) {
        try {
            runStep(args)
        } catch (StepError e) {
            return e.message
        }
        throw new AssertionError('the step did not stop with an error')
    }

    List<MethodCall> calls(String name) {
        helper.callStack.findAll { it.methodName == name }
    }

    List<Map> mapArgs(String name) {
        calls(name).findAll { it.args[0] instanceof Map }.collect { it.args[0] as Map }
    }

    List<List<String>> commands() {
        mapArgs('sh').collect { words(it.script) }
    }

    List<List<String>> realdbRuns() {
        commands().findAll { it[1] == 'run' }
    }

    List<List<String>> imports() {
        commands().findAll { it[1] == 'history' && it[2] == 'import' }
    }

    /** The history a realdb run recorded in: its --history, or null with --no-history. */
    static String historyOf(List<String> run) {
        run.contains('--no-history') ? null : run[run.indexOf('--history') + 1]
    }

    List<String> echoes() {
        calls('echo').collect { it.args[0].toString() }
    }

    String buildResult() {
        binding.getVariable('currentBuild').result
    }
}
