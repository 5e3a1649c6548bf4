package io.realdb.engine.review;

import io.realdb.engine.model.Verdict;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What verdicts mean to a CI, written once: how several datasets' verdicts combine, the exit code
 * each verdict gives, and the Jenkins build result each exit code gives. {@code realdb report},
 * {@code vote} and {@code message} follow it, and the Jenkins library's {@code BuildResults}
 * mirrors it; {@code docs/verdict-rule.tsv} and {@code docs/exit-codes.tsv} hold both to the same
 * tables.
 *
 * <p>A failure outweighs an infrastructure error. The failure was judged on a run that worked and
 * is the change's fault; a dataset that could not run says nothing about the change either way.
 * If the error won, a flaky agent next to a real failure would take the change's -1 away and let
 * it through. An error still outweighs warnings and passes: without every voting dataset's verdict
 * the change has not earned its +1. Within one run the order is the other way round
 * ({@link Verdict#of}): when the run itself broke, its own findings are not trusted.
 */
public final class VerdictRule {

    public static final int EXIT_PASS = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INFRASTRUCTURE = 3;
    public static final int EXIT_WARNING = 4;

    /** Jenkins' build results, by the names Jenkins gives them. */
    public static final String SUCCESS = "SUCCESS";
    public static final String UNSTABLE = "UNSTABLE";
    public static final String FAILURE = "FAILURE";
    public static final String NOT_BUILT = "NOT_BUILT";

    /** Which verdict outweighs which: of several datasets' verdicts, the first here that is among them wins. */
    public static final List<Verdict> PRECEDENCE = List.of(Verdict.FAIL, Verdict.ERROR, Verdict.WARN, Verdict.PASS);

    private VerdictRule() {
    }

    /** The verdict of several datasets together; empty when there is none. */
    public static Optional<Verdict> combine(Collection<Verdict> verdicts) {
        return PRECEDENCE.stream().filter(verdicts::contains).findFirst();
    }

    public static int exitCode(Verdict verdict) {
        return switch (verdict) {
            case PASS -> EXIT_PASS;
            case FAIL -> EXIT_FAILURE;
            case ERROR -> EXIT_INFRASTRUCTURE;
            case WARN -> EXIT_WARNING;
        };
    }

    /** The exit code of several datasets' verdicts together: their combined verdict's, or pass when there is none. */
    public static int exitCode(Collection<Verdict> verdicts) {
        return combine(verdicts).map(VerdictRule::exitCode).orElse(EXIT_PASS);
    }

    /**
     * The Jenkins build result of realdb's exit code. Anything but a verdict on the change (bad
     * input, an infrastructure error, a realdb that did not start or was killed) is NOT_BUILT: it
     * says nothing about the change, so Gerrit Trigger does not vote against it.
     */
    public static String buildResult(int exitCode) {
        return switch (exitCode) {
            case EXIT_PASS -> SUCCESS;
            case EXIT_FAILURE -> FAILURE;
            case EXIT_WARNING -> UNSTABLE;
            default -> NOT_BUILT;
        };
    }
}
