package io.realdb.engine;

/**
 * Something outside the change broke: the database server died, the disk filled, a fetch
 * failed. Never reported as the change's fault.
 */
public class InfrastructureException extends RealDbException {

    public InfrastructureException(String message) {
        super(message, null);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
