package io.realdb.engine.db;

import java.nio.file.Path;

/**
 * The server refused a statement of a seed: the seed is broken or does not fit this server.
 * Neither the change's fault nor the infrastructure's; the message names the file, the line
 * where the statement starts and the server's error.
 */
public class SeedRestoreException extends RuntimeException {

    private final Path seed;
    private final long line;
    private final int errorCode;

    public SeedRestoreException(Path seed, long line, int errorCode, String serverMessage, Throwable cause) {
        super("seed " + seed + (line > 0 ? ", statement starting at line " + line : "") + ": " + serverMessage, cause);
        this.seed = seed;
        this.line = line;
        this.errorCode = errorCode;
    }

    public Path seed() {
        return seed;
    }

    public long line() {
        return line;
    }

    /** The server's error code, for example 1064 for a syntax error; 0 when there was none. */
    public int errorCode() {
        return errorCode;
    }
}
