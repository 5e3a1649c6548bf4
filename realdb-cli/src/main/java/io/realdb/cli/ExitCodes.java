package io.realdb.cli;

/** The exit codes a CI acts on; {@link io.realdb.engine.model.Verdict} maps the verdicts onto them. */
public final class ExitCodes {

    public static final int PASS = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    public static final int INFRASTRUCTURE = 3;
    public static final int WARNING = 4;

    private ExitCodes() {
    }
}
