package io.realdb.engine.review;

import io.realdb.engine.BadInputException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The patch set a review is for: a change (its number, or {@code project~number}) and a patch set
 * number. One review per change and patch set.
 */
public record ChangeTarget(String change, int patchset) {

    private static final Pattern CHANGE_REF = Pattern.compile("refs/changes/\\d\\d/(\\d+)/(\\d+)");
    private static final Pattern CHANGE = Pattern.compile("(?:([^~\\s]+)~)?(\\d+)");

    /**
     * @param change   {@code 65615}, {@code nova~65615}, or a patch set ref {@code refs/changes/15/65615/3}
     * @param patchset the patch set number, or null when {@code change} is a ref that names it
     */
    public static ChangeTarget parse(String change, String patchset) {
        if (change == null || change.isBlank()) {
            throw new BadInputException("no change given: give its number (65615) or its ref (refs/changes/15/65615/3)");
        }
        String value = change.strip();
        Matcher ref = CHANGE_REF.matcher(value);
        if (ref.matches()) {
            int fromRef = Integer.parseInt(ref.group(2));
            if (patchset != null && !patchset.isBlank() && parsePatchset(patchset) != fromRef) {
                throw new BadInputException("patch set " + patchset.strip() + " does not match the change ref '" + value
                        + "', which names patch set " + fromRef);
            }
            String number = ref.group(1);
            if (!value.startsWith("refs/changes/" + last2(number) + "/")) {
                throw new BadInputException("change ref '" + value + "' is not well formed: the folder after refs/changes/ "
                        + "must be the last two digits of the change number (" + last2(number) + ")");
            }
            return new ChangeTarget(number, fromRef);
        }
        if (!CHANGE.matcher(value).matches()) {
            throw new BadInputException("change '" + value + "' is neither a change number (65615), project~number, "
                    + "nor a patch set ref (refs/changes/15/65615/3)");
        }
        if (patchset == null || patchset.isBlank()) {
            throw new BadInputException("no patch set given for change " + value + ": one review is posted per patch set");
        }
        return new ChangeTarget(value, parsePatchset(patchset));
    }

    private static String last2(String number) {
        return number.length() == 1 ? "0" + number : number.substring(number.length() - 2);
    }

    private static int parsePatchset(String patchset) {
        try {
            int value = Integer.parseInt(patchset.strip());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadInputException("patch set '" + patchset + "' is not a patch set number (1, 2, ...)", e);
        }
    }

    /** The path of the review endpoint below Gerrit's base URL, with the project part encoded. */
    String reviewPath() {
        return "a/changes/" + URLEncoder.encode(change, StandardCharsets.UTF_8) + "/revisions/" + patchset + "/review";
    }

    @Override
    public String toString() {
        return "change " + change + " patch set " + patchset;
    }
}
