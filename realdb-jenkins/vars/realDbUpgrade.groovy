import io.realdb.jenkins.BuildResults
import io.realdb.jenkins.Shell
import io.realdb.jenkins.UpgradeArguments

/*
 * realDbUpgrade: realdb's upgrade job in a Pipeline. One dataset runs on the current agent;
 * several run in parallel branches on agents with a label. The step publishes what each run
 * wrote, sets the build result from the verdicts and hands the review message to Gerrit
 * Trigger. Its help is vars/realDbUpgrade.txt; the recipe for freestyle jobs is docs/jenkins.md.
 *
 * Trends survive agents: each run draws them from a shared history (a JDBC URL, its password from
 * Jenkins credentials), or by default from a fresh history made on the agent from the result.json
 * files that the job's earlier builds archived for the same dataset.
 *
 * Only call() is the step. The other methods are not marked private: Groovy does not enforce it,
 * and closures such as the parallel branches must reach them under Pipeline's CPS interpreter.
 */

def call(Map args = [:]) {
    UpgradeArguments arguments
    try {
        arguments = UpgradeArguments.parse(args, defaults())
    } catch (IllegalArgumentException e) {
        error("realDbUpgrade: ${e.message}")
    }
    List<Map> outcomes
    String message
    List<Integer> earlier = arguments.history == UpgradeArguments.ARCHIVED ? earlierBuilds(arguments.trendBuilds) : []
    if (arguments.parallel) {
        outcomes = runInParallel(arguments, earlier)
        if (env.NODE_NAME) {
            message = summarise(arguments, outcomes, installedRealdb(arguments), true)
        } else {
            node(arguments.label) {
                message = summarise(arguments, outcomes, installedRealdb(arguments), true)
            }
        }
    } else {
        String realdb = installedRealdb(arguments)
        outcomes = [runDataset(arguments, arguments.datasets[0], realdb, earlier)]
        message = summarise(arguments, outcomes, realdb, false)
    }
    return conclude(arguments, outcomes, message)
}

/** The environment variables that give defaults, read once. */
Map defaults() {
    Map values = [:]
    for (String name in ['GERRIT_BRANCH', 'GERRIT_REFSPEC', 'GERRIT_CHANGE_NUMBER', 'REALDB_COMMAND', 'REALDB_URL',
                         'REALDB_SHA256', 'REALDB_CACHE', 'REALDB_DATASETS', 'REALDB_HISTORY_URL',
                         'REALDB_HISTORY_CREDENTIALS']) {
        values[name] = env."$name"
    }
    return values
}

/**
 * The numbers of this job's earlier builds, newest first, at most {@code count}: those whose
 * archived results the trends are rebuilt from. Builds that Jenkins discarded are not among them.
 */
List<Integer> earlierBuilds(int count) {
    List<Integer> numbers = []
    def build = currentBuild.previousBuild
    while (build != null && numbers.size() < count) {
        numbers << (build.number as Integer)
        build = build.previousBuild
    }
    return numbers
}

List<Map> runInParallel(UpgradeArguments arguments, List<Integer> earlier) {
    Map outcomes = [:]
    Map branches = [failFast: false]
    for (int i = 0; i < arguments.datasets.size(); i++) {
        Map dataset = arguments.datasets[i]
        branches["realdb ${dataset.name}".toString()] = {
            try {
                node(arguments.label) {
                    if (arguments.checkout) {
                        checkout scm
                    }
                    outcomes[dataset.name] = runDataset(arguments, dataset, installedRealdb(arguments), earlier)
                    stash(name: stashName(dataset), includes: "${dataset.dir}/**", allowEmpty: true)
                }
            } catch (Exception e) {
                if (isAbort(e)) {
                    throw e
                }
                outcomes[dataset.name] = lost(dataset, e)
            }
        }
    }
    parallel(branches)
    List<Map> ordered = []
    for (int i = 0; i < arguments.datasets.size(); i++) {
        ordered << outcomes[arguments.datasets[i].name]
    }
    return ordered
}

/** A user's or the build's abort stops the step; anything else in a branch is the agent's trouble. */
boolean isAbort(Exception e) {
    return e instanceof InterruptedException || e.getClass().name.endsWith('FlowInterruptedException')
}

/**
 * A dataset whose agent failed it (gone, out of disk, a broken channel): no verdict, and never
 * the change's fault.
 */
Map lost(Map dataset, Exception e) {
    echo("realDbUpgrade: dataset ${dataset.name}: its agent failed it (${e.class.simpleName}: ${e.message}); " +
            "this is not the change's fault")
    return [name  : dataset.name, dir: dataset.dir, voting: dataset.voting, exitCode: BuildResults.INFRASTRUCTURE,
            result: BuildResults.forExitCode(BuildResults.INFRASTRUCTURE), report: false, lost: true]
}

String stashName(Map dataset) {
    return "realdb-${dataset.name}".toString()
}

/**
 * The realdb command on this agent: the one installed there, or a distribution fetched from
 * realdbUrl, checked against realdbSha256 and kept per checksum. A realdb that cannot run stops
 * the step as NOT_BUILT: that is the agent's trouble, not the change's.
 */
String installedRealdb(UpgradeArguments arguments) {
    String command = arguments.realdb
    if (arguments.realdbUrl) {
        String tmp = pwd(tmp: true)
        String script = "${tmp}/realdb-install.sh"
        String found = "${tmp}/realdb-install.out"
        writeFile(file: script, text: libraryResource('io/realdb/jenkins/install-realdb.sh'))
        int fetched = sh(returnStatus: true, label: 'fetch realdb',
                script: Shell.join(['sh', script, arguments.realdbUrl, arguments.realdbSha256, arguments.realdbCache ?: '']) +
                        ' > ' + Shell.quote(found))
        if (fetched != 0) {
            currentBuild.result = 'NOT_BUILT'
            error("realDbUpgrade: realdb could not be fetched from ${arguments.realdbUrl} (exit ${fetched}); the message " +
                    "above says why. This is not the change's fault.")
        }
        command = readFile(found).trim()
    }
    int status = sh(returnStatus: true, label: 'realdb --version', script: Shell.join([command, '--version']))
    if (status != 0) {
        currentBuild.result = 'NOT_BUILT'
        error("realDbUpgrade: realdb does not run on agent ${env.NODE_NAME ?: '(unknown)'}: '${command} --version' " +
                "exited ${status} (${BuildResults.meaning(status)}). Install it there and give its path in the argument " +
                "'realdb', or let the step fetch it with 'realdbUrl' and 'realdbSha256'. This is not the change's fault.")
    }
    return command
}

/** Runs one dataset and publishes its files; returns what happened. */
Map runDataset(UpgradeArguments arguments, Map dataset, String realdb, List<Integer> earlier) {
    dir(dataset.dir) {
        deleteDir()
    }
    String trend = "${pwd(tmp: true)}/realdb-trend/${dataset.name}"
    String history = arguments.historyUrl(trend)
    if (arguments.history == UpgradeArguments.ARCHIVED) {
        rebuildTrend(arguments, dataset, realdb, earlier, trend, history)
    }
    int code = runRealdb(arguments, dataset, Shell.join(arguments.runCommand(dataset, realdb, history)))
    if (arguments.history == UpgradeArguments.ARCHIVED) {
        // The history was this run's alone; the next build makes its own from the archived results.
        dir(trend) {
            deleteDir()
        }
    }
    echo("realDbUpgrade: dataset ${dataset.name}: realdb exited ${code} (${BuildResults.meaning(code)})" +
            (dataset.voting ? '' : '; non-voting: the build result does not depend on it'))
    boolean report = fileExists("${dataset.dir}/${arguments.reportFile}")
    publish(arguments, dataset, report)
    return [name     : dataset.name, dir: dataset.dir, voting: dataset.voting, exitCode: code,
            result   : BuildResults.forExitCode(code), report: report]
}

/**
 * Runs realdb run; with a shared history, inside withCredentials, which hands the user and password
 * to realdb in the environment variables it reads (never on the command line, masked in the log).
 */
int runRealdb(UpgradeArguments arguments, Map dataset, String script) {
    String label = "realdb run ${dataset.name}"
    if (!arguments.historyCredentialsId) {
        return sh(returnStatus: true, label: label, script: script)
    }
    int code
    withCredentials([usernamePassword(credentialsId: arguments.historyCredentialsId,
            usernameVariable: UpgradeArguments.HISTORY_USER_VARIABLE,
            passwordVariable: UpgradeArguments.HISTORY_PASSWORD_VARIABLE)]) {
        code = sh(returnStatus: true, label: label, script: script)
    }
    return code
}

/**
 * The default history: a fresh one in this workspace's temporary folder, for this dataset alone,
 * loaded with the result.json files that the job's earlier builds archived for it. Nothing is
 * shared between parallel branches or concurrent builds; earlier builds' artifacts are only read.
 * Trouble here costs the trends, never the run.
 */
void rebuildTrend(UpgradeArguments arguments, Map dataset, String realdb, List<Integer> earlier, String trend,
                  String history) {
    dir(trend) {
        deleteDir()
    }
    if (!earlier) {
        echo("realDbUpgrade: dataset ${dataset.name}: no earlier build of this job; the trends start with this one")
        return
    }
    String builds = "${trend}/builds"
    // The folder realdb imports from, there even when no earlier build archived a result.
    writeFile(file: "${builds}/README.txt", text: "result.json of ${dataset.name} from earlier builds of this job, " +
            "one folder per build number\n")
    int copied = copyEarlierResults(arguments, dataset, earlier, builds)
    if (copied == 0) {
        return
    }
    int status = sh(returnStatus: true, label: "realdb history import ${dataset.name}",
            script: Shell.join(arguments.importCommand(realdb, history, builds, env.JOB_URL)))
    if (status == 0) {
        echo("realDbUpgrade: dataset ${dataset.name}: trends from the results archived by builds " +
                "#${earlier[copied - 1]} to #${earlier[0]} of this job, those that have one")
    } else {
        echo("realDbUpgrade: dataset ${dataset.name}: some earlier results could not be imported (exit ${status}, " +
                "see above); the trends leave them out")
    }
}

/**
 * Copies each earlier build's archived result of this dataset, if it has one, into a folder named
 * after the build. Uses the Copy Artifact plugin; returns how many builds were asked, 0 when none
 * could be.
 */
int copyEarlierResults(UpgradeArguments arguments, Map dataset, List<Integer> earlier, String builds) {
    for (int i = 0; i < earlier.size(); i++) {
        String number = earlier[i].toString()
        try {
            copyArtifacts(projectName: env.JOB_NAME, selector: specific(number), filter: arguments.resultArtifact(dataset),
                    target: "${builds}/${number}".toString(), flatten: true, optional: true, fingerprintArtifacts: false)
        } catch (NoSuchMethodError e) {
            copyArtifactMissing(dataset)
            return 0
        } catch (MissingMethodException e) {
            copyArtifactMissing(dataset)
            return 0
        } catch (Exception e) {
            if (isAbort(e)) {
                throw e
            }
            echo("realDbUpgrade: dataset ${dataset.name}: cannot copy the results of earlier builds (build #${number}: " +
                    "${e.message}); the trends show fewer builds. When not every logged-in user may read this job, let it " +
                    "copy its own artifacts: properties([copyArtifactPermission(env.JOB_NAME)]), or give the step a " +
                    "shared 'history'")
            return i
        }
    }
    return earlier.size()
}

void copyArtifactMissing(Map dataset) {
    echo("realDbUpgrade: dataset ${dataset.name}: the Copy Artifact plugin is not installed, so the trends show this " +
            "build only: install it, or give the step a shared 'history' (a JDBC URL)")
}

void publish(UpgradeArguments arguments, Map dataset, boolean report) {
    String junitXml = "${dataset.dir}/${arguments.junitFile}"
    if (fileExists(junitXml)) {
        // The verdict sets the build result, not the test count: a non-voting dataset's failed
        // steps must not make the build unstable.
        junit(testResults: junitXml, allowEmptyResults: true, skipMarkingBuildUnstable: true)
    }
    archiveArtifacts(artifacts: arguments.artifacts(dataset), allowEmptyArchive: true)
    if (report) {
        try {
            publishHTML(target: [reportDir            : dataset.dir, reportFiles: arguments.reportFile,
                                 reportName           : "realdb ${dataset.name}".toString(), keepAll: true,
                                 alwaysLinkToLastBuild: false, allowMissing: true])
        } catch (NoSuchMethodError e) {
            htmlPublisherMissing(dataset)
        } catch (MissingMethodException e) {
            htmlPublisherMissing(dataset)
        }
    }
}

void htmlPublisherMissing(Map dataset) {
    echo("realDbUpgrade: the HTML Publisher plugin is not installed; the report of ${dataset.name} is among the archived artifacts")
}

/**
 * Words the review with realdb itself (realdb message), into a file next to the runs' folders,
 * and archives it. Parallel runs' files are brought here first.
 */
String summarise(UpgradeArguments arguments, List<Map> outcomes, String realdb, boolean fromBranches) {
    if (fromBranches) {
        for (int i = 0; i < outcomes.size(); i++) {
            dir(outcomes[i].dir) {
                deleteDir()
            }
            if (!outcomes[i].lost) {
                unstash(stashName(outcomes[i]))
            }
        }
    }
    String file = "${arguments.out}/${arguments.reviewMessageFile}"
    // writeFile makes the folder, which a run that stopped early may not have made.
    writeFile(file: file, text: '')
    int status = sh(returnStatus: true, label: 'realdb message',
            script: Shell.join(arguments.messageCommand(outcomes, realdb, reportUrl(arguments, outcomes))) + ' > ' + Shell.quote(file))
    if (status != 0) {
        echo("realDbUpgrade: realdb could not word the review message (exit ${status}); see above")
        return "realdb could not word the review message; see ${env.BUILD_URL ?: 'the build log'}"
    }
    archiveArtifacts(artifacts: file, allowEmptyArchive: true)
    return readFile(file).trim()
}

/** Each dataset's report among the build's artifacts; its folder when a run wrote no report. */
String reportUrl(UpgradeArguments arguments, List<Map> outcomes) {
    if (!env.BUILD_URL) {
        return null
    }
    boolean everyReport = true
    for (int i = 0; i < outcomes.size(); i++) {
        everyReport = everyReport && outcomes[i].report
    }
    String base = env.BUILD_URL.endsWith('/') ? env.BUILD_URL : env.BUILD_URL + '/'
    return "${base}artifact/${arguments.out}/{dir}/" + (everyReport ? arguments.reportFile : '')
}

/** Sets the build result from the voting datasets, hands the message to Gerrit Trigger, and stops on bad input. */
Map conclude(UpgradeArguments arguments, List<Map> outcomes, String message) {
    List<String> voting = []
    List<String> badInput = []
    for (int i = 0; i < outcomes.size(); i++) {
        Map outcome = outcomes[i]
        if (outcome.voting) {
            voting << outcome.result
            if (outcome.exitCode == BuildResults.BAD_INPUT) {
                badInput << outcome.name
            }
        }
    }
    String result = BuildResults.combine(voting)
    echo("realDbUpgrade: review message:\n${message}")
    if (result != 'SUCCESS') {
        currentBuild.result = result
    }
    if (result == 'NOT_BUILT') {
        echo("realDbUpgrade: no verdict: a voting dataset could not run, for a reason that is not the change's fault " +
                "(see its line above); the build is NOT_BUILT so that the change is not blamed")
    }
    if (arguments.gerritReview) {
        try {
            setGerritReview(unsuccessfulMessage: message)
        } catch (NoSuchMethodError e) {
            gerritTriggerMissing()
        } catch (MissingMethodException e) {
            gerritTriggerMissing()
        }
    }
    if (badInput) {
        error("realDbUpgrade: realdb refused its input for ${badInput.join(', ')} (exit 2): its message above names the " +
                "file, field or value to fix")
    }
    return [result: result, message: message, datasets: outcomes]
}

void gerritTriggerMissing() {
    echo("realDbUpgrade: the Gerrit Trigger plugin's setGerritReview step is not available; the review message is " +
            "archived instead (or use 'realdb vote')")
}
