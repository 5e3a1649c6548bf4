package io.realdb.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * How realdb's exit codes set a Jenkins build result, and how several datasets' results combine.
 * This mirrors the engine's VerdictRule, which {@code realdb report}, {@code vote} and
 * {@code message} follow, so that Gerrit Trigger's vote and realdb's agree; the tables
 * docs/exit-codes.tsv and docs/verdict-rule.tsv hold both to the same rule (BuildResultsTest here,
 * VerdictRuleTest in the engine).
 */
class BuildResults implements Serializable {

    private static final long serialVersionUID = 1L

    /**
     * Which result outweighs which. A failure outweighs a dataset that could not run: it was judged
     * on a run that worked, and the change must get its -1. Then no verdict (NOT_BUILT), which keeps
     * the change from a +1 it has not earned, then warnings.
     */
    static final List<String> PRECEDENCE = ['FAILURE', 'NOT_BUILT', 'UNSTABLE', 'SUCCESS'].asImmutable()

    static final int PASS = 0
    static final int FAILURE = 1
    static final int BAD_INPUT = 2
    static final int INFRASTRUCTURE = 3
    static final int WARNING = 4

    /**
     * Pass is SUCCESS, a failure FAILURE, warnings UNSTABLE. Anything else (an infrastructure error,
     * bad input, a realdb that did not start) is NOT_BUILT: it says nothing about the change.
     */
    @NonCPS
    static String forExitCode(int code) {
        switch (code) {
            case PASS: return 'SUCCESS'
            case FAILURE: return 'FAILURE'
            case WARNING: return 'UNSTABLE'
            default: return 'NOT_BUILT'
        }
    }

    /** Several datasets' build results together, by {@link #PRECEDENCE}; SUCCESS when there is none. */
    @NonCPS
    static String combine(List<String> results) {
        for (String result : PRECEDENCE) {
            if (results.contains(result)) {
                return result
            }
        }
        return 'SUCCESS'
    }

    /** What an exit code means, for the build log. */
    @NonCPS
    static String meaning(int code) {
        switch (code) {
            case PASS: return 'pass'
            case FAILURE: return 'the change fails'
            case BAD_INPUT: return "bad input: realdb's message above names the file, field or value"
            case INFRASTRUCTURE: return "infrastructure error, not the change's fault"
            case WARNING: return 'pass with warnings'
            case 126: return 'realdb cannot be executed on this agent'
            case 127: return 'realdb was not found on this agent'
            default: return code > 128 ? "realdb was killed by signal ${code - 128}" : 'realdb stopped unexpectedly'
        }
    }
}
