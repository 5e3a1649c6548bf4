package io.realdb.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The arguments of {@code realDbUpgrade}, checked and completed with their defaults before
 * anything runs. A wrong argument is reported with its name and what it should be.
 */
class UpgradeArguments implements Serializable {

    private static final long serialVersionUID = 1L

    /** Every argument the step takes, with what it is: the error for an unknown one lists them. */
    static final Map<String, String> KNOWN = [
            dataset          : 'one dataset, run on this agent',
            datasets         : 'several datasets, run in parallel on agents with the label',
            voting           : 'whether the verdict sets the build result',
            engine           : "the database engine id, e.g. 'mariadb'",
            project          : 'the project: a git folder or URL',
            trunk            : 'the target branch',
            change           : 'the change under test',
            datasetsDir      : 'where named datasets are',
            out              : 'the output folder in the workspace',
            label            : 'the agent label for parallel datasets',
            checkout         : "whether parallel branches run 'checkout scm' first",
            args             : "more arguments for 'realdb run'",
            impact           : "whether realdb probes each step's online impact; false runs 'realdb run --no-impact'",
            realdb           : 'the realdb command on the agent',
            realdbUrl        : 'where to fetch a realdb distribution',
            realdbSha256     : 'the SHA-256 of that distribution',
            realdbCache      : 'where fetched distributions are kept on the agent',
            job              : 'the job name in the review message',
            gerritReview     : "whether to hand the message to Gerrit Trigger's setGerritReview",
            history          : "where the trends come from: 'archived', a JDBC URL of a shared history, or 'none'",
            historyCredentialsId: 'Jenkins credentials (username with password) of the shared history',
            trendBuilds      : "with history 'archived': how many earlier builds the trends show",
            junitFile        : "the JUnit file's name in a run's output",
            reportFile       : "the HTML report's name in a run's output",
            reviewMessageFile: "the review message file's name in a run's output",
    ].asImmutable()

    static final String RESULT_FILE = 'result.json'
    static final String LOG_FILE = 'realdb.log'

    /** The default history: rebuilt in each build from the results that earlier builds archived. */
    static final String ARCHIVED = 'archived'
    static final String NO_HISTORY = 'none'
    static final int TREND_BUILDS = 50
    /** Where withCredentials puts the shared history's user and password, and where realdb reads them. */
    static final String HISTORY_USER_VARIABLE = 'REALDB_HISTORY_USER'
    static final String HISTORY_PASSWORD_VARIABLE = 'REALDB_HISTORY_PASSWORD'

    /** Each: {@code [name: 'nova_user_001', path: 'datasets/nova_user_001', voting: true, dir: 'realdb-out/nova_user_001']}. */
    List<Map> datasets
    boolean parallel
    String engine
    String project
    String trunk
    String change
    String out
    String label
    boolean checkout
    List<String> args
    /** False turns the online-impact probes off; true leaves it to each dataset's config, which probes by default. */
    boolean impact
    String realdb
    String realdbUrl
    String realdbSha256
    String realdbCache
    String job
    boolean gerritReview
    /** {@link #ARCHIVED}, {@link #NO_HISTORY}, or the JDBC URL of a shared history. */
    String history
    String historyCredentialsId
    int trendBuilds
    String junitFile
    String reportFile
    String reviewMessageFile

    /**
     * @param given the step's arguments
     * @param env   the build's environment variables that give defaults: GERRIT_BRANCH, GERRIT_REFSPEC,
     *              GERRIT_CHANGE_NUMBER, REALDB_COMMAND, REALDB_URL, REALDB_SHA256, REALDB_CACHE, REALDB_DATASETS,
     *              REALDB_HISTORY_URL, REALDB_HISTORY_CREDENTIALS
     * @throws IllegalArgumentException naming the wrong argument
     */
    @NonCPS
    static UpgradeArguments parse(Map given, Map env) {
        if (given == null) {
            given = [:]
        }
        List<String> unknown = given.keySet().collect { it.toString() }.findAll { !KNOWN.containsKey(it) }
        if (unknown) {
            throw new IllegalArgumentException("unknown argument${unknown.size() > 1 ? 's' : ''} " +
                    unknown.collect { "'$it'" }.join(', ') + '; the step takes ' + KNOWN.keySet().join(', '))
        }
        UpgradeArguments a = new UpgradeArguments()
        boolean single = given.containsKey('dataset')
        boolean several = given.containsKey('datasets')
        if (single && several) {
            throw new IllegalArgumentException("give 'dataset' (one, on this agent) or 'datasets' (several, in parallel), not both")
        }
        if (!single && !several) {
            throw new IllegalArgumentException("argument 'dataset' is missing: name the dataset to test, e.g. realDbUpgrade(dataset: 'nova_user_001')")
        }
        a.parallel = several
        boolean voting = flag(given, 'voting', true)
        String datasetsDir = text(given, 'datasetsDir', env.REALDB_DATASETS ?: 'datasets')
        a.out = relativePath(given, 'out', 'realdb-out')
        List entries = several ? list(given, 'datasets') : [value(given, 'dataset')]
        a.datasets = entries.withIndex().collect { entry, i ->
            dataset(entry, several ? "datasets[$i]" : 'dataset', datasetsDir, voting, a.out)
        }
        Map<String, String> seen = [:]
        a.datasets.each { d ->
            if (seen.containsKey(d.name)) {
                throw new IllegalArgumentException("datasets '${seen[d.name]}' and '${d.path}' are both named '${d.name}': " +
                        "their outputs would share ${d.dir}")
            }
            seen[d.name] = d.path
        }
        a.engine = optionalText(given, 'engine', null)
        if (a.engine != null && !(a.engine ==~ /[a-z][a-z0-9-]*/)) {
            throw new IllegalArgumentException("argument 'engine' must be an engine id such as 'mariadb', not '${a.engine}'")
        }
        a.project = text(given, 'project', '.')
        a.trunk = text(given, 'trunk', env.GERRIT_BRANCH ?: 'master',
                " (outside a Gerrit Trigger build, env.GERRIT_BRANCH is not set: give the branch)")
        if (!given.containsKey('change') && !env.GERRIT_REFSPEC) {
            throw new IllegalArgumentException("argument 'change' is missing, and env.GERRIT_REFSPEC is not set: " +
                    "give the change under test, e.g. change: 'refs/changes/15/65615/3' or a branch")
        }
        a.change = text(given, 'change', env.GERRIT_REFSPEC,
                " (outside a Gerrit Trigger build, env.GERRIT_REFSPEC is not set: give the change)")
        if (!several && given.containsKey('label')) {
            throw new IllegalArgumentException("argument 'label' chooses agents for 'datasets'; with 'dataset' the step runs " +
                    "on the current agent: call it inside node('${given.label}') { ... } instead")
        }
        a.label = text(given, 'label', 'realdb')
        a.checkout = flag(given, 'checkout', true)
        a.args = list(given, 'args', []).withIndex().collect { arg, i ->
            if (!(arg instanceof CharSequence)) {
                throw new IllegalArgumentException("argument 'args' must be a list of strings; args[$i] is ${describe(arg)}")
            }
            arg.toString()
        }
        a.impact = flag(given, 'impact', true)
        String impactArg = a.args.find { it in ['--impact', '--no-impact'] }
        if (given.containsKey('impact') && impactArg != null) {
            throw new IllegalArgumentException("argument 'impact' and '${impactArg}' in 'args' both switch the online-impact " +
                    "probes: give only 'impact'")
        }
        a.realdb = text(given, 'realdb', env.REALDB_COMMAND ?: 'realdb')
        a.realdbUrl = optionalText(given, 'realdbUrl', env.REALDB_URL ?: null)
        a.realdbSha256 = optionalText(given, 'realdbSha256', env.REALDB_SHA256 ?: null)
        a.realdbCache = optionalText(given, 'realdbCache', env.REALDB_CACHE ?: null)
        if (a.realdbUrl != null) {
            if (!(a.realdbUrl ==~ /(?i)(https?|file):\/\/\S+/)) {
                throw new IllegalArgumentException("argument 'realdbUrl' must be an http(s) or file URL, not '${a.realdbUrl}'")
            }
            if (a.realdbSha256 == null) {
                throw new IllegalArgumentException("argument 'realdbSha256' is missing: a realdb fetched from realdbUrl " +
                        "is only used when its SHA-256 matches")
            }
        }
        if (a.realdbSha256 != null && !(a.realdbSha256 ==~ /[0-9a-f]{64}/)) {
            throw new IllegalArgumentException("argument 'realdbSha256' must be 64 lower-case hex digits, not '${a.realdbSha256}'")
        }
        if (a.realdbSha256 != null && a.realdbUrl == null) {
            throw new IllegalArgumentException("argument 'realdbSha256' needs 'realdbUrl', the place to fetch realdb from")
        }
        a.job = text(given, 'job', 'real-db-upgrade')
        a.gerritReview = flag(given, 'gerritReview', env.GERRIT_CHANGE_NUMBER as boolean)
        history(a, given, env)
        a.junitFile = fileName(given, 'junitFile', 'junit.xml')
        a.reportFile = fileName(given, 'reportFile', 'report.html')
        a.reviewMessageFile = fileName(given, 'reviewMessageFile', 'review-message.txt')
        return a
    }

    /**
     * The history, its credentials and the trend's depth. A shared history's password comes from
     * Jenkins credentials only: a URL that holds one is refused, and never repeated in the error.
     */
    @NonCPS
    private static void history(UpgradeArguments a, Map given, Map env) {
        a.history = text(given, 'history', env.REALDB_HISTORY_URL ?: ARCHIVED)
        boolean shared = a.history.toLowerCase().startsWith('jdbc:')
        if (shared) {
            String lower = a.history.toLowerCase()
            if (lower.contains('password=') || lower.contains('pwd=') || a.history ==~ /(?i)jdbc:[a-z]+:\/\/[^\/?;]*:[^\/?;]*@.*/) {
                throw new IllegalArgumentException("argument 'history' holds a password (${withoutParameters(a.history)}...): " +
                        "give the user and password as Jenkins credentials with 'historyCredentialsId' instead")
            }
            if (!(a.history ==~ /(?i)jdbc:(postgresql|mariadb|mysql):\/\/\S+/)) {
                throw new IllegalArgumentException("argument 'history' must be a JDBC URL of PostgreSQL or MariaDB " +
                        "(jdbc:postgresql://HOST/DATABASE, jdbc:mariadb://HOST/DATABASE), not '${withoutParameters(a.history)}'")
            }
        } else if (!(a.history in [ARCHIVED, NO_HISTORY])) {
            throw new IllegalArgumentException("argument 'history' must be '${ARCHIVED}' (trends from earlier builds' " +
                    "archived results), a JDBC URL of a shared history, or '${NO_HISTORY}'; not '${a.history}'")
        }
        if (given.containsKey('historyCredentialsId') && !shared) {
            throw new IllegalArgumentException("argument 'historyCredentialsId' is for a shared history: give 'history' " +
                    "a JDBC URL, e.g. history: 'jdbc:postgresql://db.example.org/realdb'")
        }
        a.historyCredentialsId = shared ? optionalText(given, 'historyCredentialsId', env.REALDB_HISTORY_CREDENTIALS ?: null) : null
        if (given.containsKey('trendBuilds')) {
            if (a.history != ARCHIVED) {
                throw new IllegalArgumentException("argument 'trendBuilds' counts the earlier builds whose archived results " +
                        "the trends show, with history '${ARCHIVED}'; a shared history keeps every run")
            }
            Object value = given.trendBuilds
            if (!(value instanceof Integer) || value < 0) {
                throw new IllegalArgumentException("argument 'trendBuilds' must be a whole number, 0 or more, not ${describe(value)}")
            }
            a.trendBuilds = value
        } else {
            a.trendBuilds = TREND_BUILDS
        }
    }

    @NonCPS
    private static String withoutParameters(String url) {
        url.replaceAll(/[?;].*$/, '').replaceAll(/\/\/[^\/]*@/, '//')
    }

    @NonCPS
    boolean isSharedHistory() {
        history.toLowerCase().startsWith('jdbc:')
    }

    /**
     * The history a run of this dataset records in and draws its trends from: the shared one, a
     * fresh H2 file in {@code trendDir} for the archived results of earlier builds, or none (null).
     */
    @NonCPS
    String historyUrl(String trendDir) {
        if (isSharedHistory()) {
            return history
        }
        return history == ARCHIVED ? "jdbc:h2:file:${trendDir}/history/realdb".toString() : null
    }

    /** The words of {@code realdb run} for one dataset, with its history (null for none). */
    @NonCPS
    List<String> runCommand(Map dataset, String command, String historyUrl) {
        List<String> words = [command, 'run', '--dataset', dataset.path, '--project', project, '--trunk', trunk,
                              '--change', change, '--out', dataset.dir]
        if (engine != null) {
            words += ['--engine', engine]
        }
        words += historyUrl == null ? ['--no-history'] : ['--history', historyUrl]
        if (!impact) {
            words += ['--no-impact']
        }
        return words + args
    }

    /** The result file of a dataset's run, as archived: earlier builds' are found under this path. */
    @NonCPS
    String resultArtifact(Map dataset) {
        "${dataset.dir}/${RESULT_FILE}".toString()
    }

    /**
     * The words of {@code realdb history import} for earlier builds' results copied into one
     * folder per build number: each run keeps its build and its address.
     */
    @NonCPS
    List<String> importCommand(String command, String historyUrl, String buildsDir, String jobUrl) {
        List<String> words = [command, 'history', 'import', '--history', historyUrl, '--build-id', '{dir}']
        if (jobUrl) {
            words += ['--build-url', (jobUrl.endsWith('/') ? jobUrl : jobUrl + '/') + '{dir}/']
        }
        return words + [buildsDir]
    }

    /** The words of {@code realdb message} over every dataset's output. */
    @NonCPS
    List<String> messageCommand(List<Map> outcomes, String command, String reportUrl) {
        List<String> words = [command, 'message', '--job', job]
        if (reportUrl) {
            words += ['--report-url', reportUrl]
        }
        outcomes.each { o -> words += o.voting ? [o.dir] : ['--non-voting', o.dir] }
        return words
    }

    /** The files of one run that are archived: those that exist are taken, the others skipped. */
    @NonCPS
    String artifacts(Map dataset) {
        [LOG_FILE, RESULT_FILE, reportFile, junitFile, reviewMessageFile].collect { "${dataset.dir}/${it}" }.join(',')
    }

    @NonCPS
    private static Map dataset(Object entry, String where, String datasetsDir, boolean defaultVoting, String out) {
        Object spec = entry
        boolean voting = defaultVoting
        if (entry instanceof Map) {
            List<String> unknown = entry.keySet().collect { it.toString() }.findAll { !(it in ['name', 'voting']) }
            if (unknown) {
                throw new IllegalArgumentException("$where has unknown key${unknown.size() > 1 ? 's' : ''} " +
                        unknown.collect { "'$it'" }.join(', ') + "; a dataset is a name or [name: ..., voting: ...]")
            }
            spec = entry.name
            if (entry.containsKey('voting')) {
                if (!(entry.voting instanceof Boolean)) {
                    throw new IllegalArgumentException("${where}.voting must be true or false, not ${describe(entry.voting)}")
                }
                voting = entry.voting
            }
            where = "${where}.name"
        }
        if (!(spec instanceof CharSequence) || spec.toString().trim().isEmpty()) {
            throw new IllegalArgumentException("argument '$where' must name a dataset (a folder name in $datasetsDir, or a path), " +
                    "not ${describe(spec)}")
        }
        String value = spec.toString().trim().replaceAll('/+$', '')
        String path = value.contains('/') ? value : "$datasetsDir/$value".toString()
        String name = value.tokenize('/').last()
        if (!(name ==~ /[A-Za-z0-9._-]+/) || name in ['.', '..']) {
            throw new IllegalArgumentException("argument '$where' gives the dataset name '$name', which cannot name an " +
                    "output folder: use letters, digits, '.', '_' and '-'")
        }
        return [name: name, path: path, voting: voting, dir: "$out/$name".toString()]
    }

    @NonCPS
    private static Object value(Map given, String name) {
        given[name]
    }

    @NonCPS
    private static String text(Map given, String name, String fallback, String hint = '') {
        String value = optionalText(given, name, fallback)
        if (value == null) {
            throw new IllegalArgumentException("argument '$name' is empty$hint")
        }
        return value
    }

    @NonCPS
    private static String optionalText(Map given, String name, String fallback) {
        if (!given.containsKey(name)) {
            return fallback
        }
        Object value = given[name]
        if (value == null) {
            return null
        }
        if (!(value instanceof CharSequence)) {
            throw new IllegalArgumentException("argument '$name' must be a string, not ${describe(value)}")
        }
        String text = value.toString().trim()
        return text.isEmpty() ? null : text
    }

    @NonCPS
    private static boolean flag(Map given, String name, boolean fallback) {
        if (!given.containsKey(name)) {
            return fallback
        }
        Object value = given[name]
        if (!(value instanceof Boolean)) {
            throw new IllegalArgumentException("argument '$name' must be true or false, not ${describe(value)}")
        }
        return value
    }

    @NonCPS
    private static List list(Map given, String name, List fallback = null) {
        if (!given.containsKey(name) && fallback != null) {
            return fallback
        }
        Object value = given[name]
        if (!(value instanceof List) || (fallback == null && value.isEmpty())) {
            throw new IllegalArgumentException("argument '$name' must be a non-empty list, not ${describe(value)}")
        }
        return value
    }

    @NonCPS
    private static String relativePath(Map given, String name, String fallback) {
        String value = text(given, name, fallback).replaceAll('/+$', '')
        if (value.startsWith('/') || value.tokenize('/').contains('..')) {
            throw new IllegalArgumentException("argument '$name' must be a folder inside the workspace, not '$value'")
        }
        return value
    }

    @NonCPS
    private static String fileName(Map given, String name, String fallback) {
        String value = text(given, name, fallback)
        if (!(value ==~ /[A-Za-z0-9._-]+/)) {
            throw new IllegalArgumentException("argument '$name' must be a file name (no folder), not '$value'")
        }
        return value
    }

    @NonCPS
    private static String describe(Object value) {
        value == null ? 'null' : "'$value' (${value.getClass().simpleName})"
    }
}
