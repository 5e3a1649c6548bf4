package io.realdb.engine.model;

import java.util.Collection;

/**
 * The outcome of a run. What a CI does with it (exit codes, build results, several datasets
 * together) is {@code io.realdb.engine.review.VerdictRule}.
 */
public enum Verdict {
    PASS,
    FAIL,
    WARN,
    ERROR;

    /**
     * A run's verdict from its findings. Errors outweigh failures: when the run itself broke, the
     * change's findings are not trusted. Across datasets it is the other way round (VerdictRule).
     */
    public static Verdict of(Collection<Finding> findings) {
        boolean failure = false;
        boolean warning = false;
        for (Finding finding : findings) {
            switch (finding.severity()) {
                case ERROR -> {
                    return ERROR;
                }
                case FAILURE -> failure = true;
                case WARNING -> warning = true;
            }
        }
        if (failure) {
            return FAIL;
        }
        return warning ? WARN : PASS;
    }
}
