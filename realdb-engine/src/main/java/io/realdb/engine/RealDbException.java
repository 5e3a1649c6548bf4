package io.realdb.engine;

/** Base of the exceptions that end a run before it could be judged. */
public abstract class RealDbException extends RuntimeException {

    protected RealDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
