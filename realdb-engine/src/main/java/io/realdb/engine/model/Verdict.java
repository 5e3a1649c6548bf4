package io.realdb.engine.model;

import java.util.Collection;

/** The outcome of a run, and what a CI does with it. */
public enum Verdict {
    PASS(0),
    FAIL(1),
    WARN(4),
    ERROR(3);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Errors outweigh failures: when the run itself broke, the change's findings are not trusted. */
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
