package io.realdb.engine.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before realdb writes it anywhere: the passwords and tokens realdb
 * was given, and the shapes in which tools print credentials ({@code --password=...},
 * {@code mysql://user:pass@host}).
 */
public final class Sanitizer {

    static final String MASK = "****";

    private static final List<Pattern> BUILT_IN = List.of(
            Pattern.compile("(--password=)(\\S+)"),
            Pattern.compile("(://[^/\\s:@]+:)([^@\\s/]+)(@)"),
            Pattern.compile("((?i:password|passwd|pwd)\\s*[=:]\\s*)([^\\s,;&]+)"));

    private final List<String> secrets;
    private final List<Pattern> patterns;

    private Sanitizer(List<String> secrets, List<Pattern> patterns) {
        this.secrets = secrets;
        this.patterns = patterns;
    }

    /** A sanitiser with the built-in shapes only. */
    public static Sanitizer standard() {
        return new Sanitizer(List.of(), BUILT_IN);
    }

    /** This sanitiser, also masking {@code secret} wherever it appears. Blank secrets are ignored. */
    public Sanitizer withSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            return this;
        }
        List<String> more = new ArrayList<>(secrets);
        more.add(secret);
        // Longest first, so that a secret containing another is masked whole.
        more.sort(Comparator.comparingInt(String::length).reversed());
        return new Sanitizer(List.copyOf(more), patterns);
    }

    public String clean(String text) {
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        for (Pattern pattern : patterns) {
            result = mask(pattern, result);
        }
        return result;
    }

    /** Replaces group 2 of every match: group 1 (and 3, when present) are kept for context. */
    private static String mask(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String replacement = matcher.group(1) + MASK + (matcher.groupCount() >= 3 ? matcher.group(3) : "");
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
