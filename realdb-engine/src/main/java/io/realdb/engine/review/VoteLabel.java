package io.realdb.engine.review;

import io.realdb.engine.BadInputException;

import java.util.Optional;

/**
 * The label realdb votes on and the value each verdict gives. An infrastructure error gives 0,
 * which also takes back a vote that an earlier run left on the same patch set.
 */
public record VoteLabel(String name, int pass, int warn, int fail) {

    public static final VoteLabel VERIFIED = new VoteLabel("Verified", 1, 1, -1);

    public VoteLabel {
        if (name == null || !name.matches("[A-Za-z0-9-]+")) {
            throw new BadInputException("label name '" + name + "' is not a Gerrit label name (letters, digits and '-')");
        }
    }

    /** The value to post, or empty when no dataset votes and the review is a message only. */
    public Optional<Integer> valueFor(CombinedVerdict combined) {
        if (!combined.votes()) {
            return Optional.empty();
        }
        return Optional.of(switch (combined.verdict()) {
            case PASS -> pass;
            case WARN -> warn;
            case FAIL -> fail;
            case ERROR -> 0;
        });
    }
}
