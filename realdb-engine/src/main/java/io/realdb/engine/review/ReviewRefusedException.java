package io.realdb.engine.review;

import io.realdb.engine.BadInputException;

/**
 * Gerrit answered and said no (401, 403, 404, 409, other 4xx). Trying again would get the same
 * answer: the credentials, permissions, change or patch set must be fixed first.
 */
public class ReviewRefusedException extends BadInputException {

    private final int status;

    public ReviewRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
