package io.realdb.engine.log;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before realdb writes it anywhere: the passwords and tokens realdb
 * was given, the shapes in which tools print credentials ({@code --password=...}, {@code -p...},
 * {@code mysql://user:pass@host}, {@code password=...}), private key blocks, and the patterns a
 * dataset adds. Immutable; {@link #lines()} gives a cleaner for a stream of lines, which also
 * masks the body of a private key printed over several lines.
 */
public final class Sanitizer {

    public static final String MASK = "****";

    /** Each masks its group 2 and keeps groups 1 and 3 around it. */
    private static final List<Pattern> BUILT_IN = List.of(
            Pattern.compile("(--password=)([^\\s'\"]+)()"),
            Pattern.compile("((?:^|[\\s'\"])-p)([^\\s'\"]+)()"),
            Pattern.compile("(://[^/\\s:@]*:)([^@\\s/]+)(@)"),
            Pattern.compile("((?i:password|passwd|pwd|secret|token)[\"']?\\s*[=:]\\s*[\"']?)([^\\s\"']+)()"),
            Pattern.compile("()(\\bAKIA[0-9A-Z]{16}\\b)()"));

    /** What stands where a private key was: no key, and no header that looks like one. */
    static final String KEY_REMOVED = "[private key removed]";

    /** Shorter secrets are masked only as whole words: "nova" must not eat "nova_user_001". */
    static final int SHORT_SECRET = 8;

    static final Pattern KEY_BEGIN = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    static final Pattern KEY_END = Pattern.compile("-----END [A-Z ]*PRIVATE KEY-----");

    /** A secret and how it is found: as a plain string, or, when short, as a whole word. */
    private record Secret(String text, Pattern word) {
        static Secret of(String text) {
            return new Secret(text, text.length() >= SHORT_SECRET ? null
                    : Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(text) + "(?![A-Za-z0-9_])"));
        }

        String replaceIn(String line) {
            if (!line.contains(text)) {
                return line;
            }
            return word == null ? line.replace(text, MASK) : word.matcher(line).replaceAll(MASK);
        }
    }

    private final List<Secret> secrets;
    private final List<Pattern> custom;

    private Sanitizer(List<Secret> secrets, List<Pattern> custom) {
        this.secrets = secrets;
        this.custom = custom;
    }

    /** A sanitiser with the built-in shapes only. */
    public static Sanitizer standard() {
        return new Sanitizer(List.of(), List.of());
    }

    /** This sanitiser, also masking {@code secret} wherever it appears. Blank secrets are ignored. */
    public Sanitizer withSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            return this;
        }
        List<Secret> more = new ArrayList<>(secrets);
        more.add(Secret.of(secret));
        // Longest first, so that a secret containing another is masked whole.
        more.sort(Comparator.comparingInt((Secret known) -> known.text().length()).reversed());
        return new Sanitizer(List.copyOf(more), custom);
    }

    /**
     * This sanitiser, also masking what the patterns match: group 1 of a pattern that has a
     * group, the whole match of one that has none.
     */
    public Sanitizer withPatterns(List<Pattern> extra) {
        List<Pattern> more = new ArrayList<>(custom);
        more.addAll(extra);
        return new Sanitizer(secrets, List.copyOf(more));
    }

    /** Cleans one piece of text on its own. */
    public String clean(String text) {
        String result = removeKeys(text);
        for (Secret secret : secrets) {
            result = secret.replaceIn(result);
        }
        for (Pattern pattern : BUILT_IN) {
            result = mask(pattern, result);
        }
        for (Pattern pattern : custom) {
            result = maskCustom(pattern, result);
        }
        return result;
    }

    /** Whether {@code text} holds one of the secrets this sanitiser was given, by the rule it masks them. */
    public boolean holdsSecret(String text) {
        for (Secret secret : secrets) {
            if (!secret.replaceIn(text).equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** A private key within one line, from its header to its end or to the end of the line. */
    private static String removeKeys(String text) {
        Matcher begin = KEY_BEGIN.matcher(text);
        if (!begin.find()) {
            return text;
        }
        Matcher end = KEY_END.matcher(text);
        String after = end.find(begin.end()) ? removeKeys(text.substring(end.end())) : "";
        return text.substring(0, begin.start()) + KEY_REMOVED + after;
    }

    /** A cleaner for consecutive lines of one stream. Not thread-safe. */
    public Lines lines() {
        return new Lines();
    }

    /** Cleans lines in order, masking whole lines inside a private key block. */
    public final class Lines {
        private boolean insideKey;

        private Lines() {
        }

        public String clean(String line) {
            if (insideKey) {
                Matcher end = KEY_END.matcher(line);
                if (!end.find()) {
                    return MASK;
                }
                insideKey = false;
                return MASK + Sanitizer.this.clean(line.substring(end.end()));
            }
            Matcher begin = KEY_BEGIN.matcher(line);
            if (begin.find() && !KEY_END.matcher(line).find(begin.end())) {
                insideKey = true;
            }
            return Sanitizer.this.clean(line);
        }

    }

    private static String maskCustom(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        boolean group = matcher.groupCount() >= 1;
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (matcher.find()) {
            int start = group ? matcher.start(1) : matcher.start();
            int end = group ? matcher.end(1) : matcher.end();
            if (start < 0 || start == end) {
                continue;
            }
            out.append(text, last, start).append(MASK);
            last = end;
        }
        return last == 0 ? text : out.append(text, last, text.length()).toString();
    }

    /** Replaces group 2 of every match: groups 1 and 3 are kept for context. */
    private static String mask(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            if (matcher.group(2).isEmpty() || matcher.group(2).equals(MASK)) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
                continue;
            }
            String replacement = matcher.group(1) + MASK + matcher.group(3);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
