package io.realdb.engine;

/**
 * The user's input is wrong: a missing folder, broken JSON, an unknown ref. The message names
 * the file, field or value, so that the user can fix it without reading code.
 */
public class BadInputException extends RealDbException {

    public BadInputException(String message) {
        super(message, null);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
