package io.realdb.engine.log;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.Limit;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Step;
import io.realdb.engine.model.StepLimits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.realdb.engine.log.CredentialShapes.KEY_BEGIN;
import static io.realdb.engine.log.CredentialShapes.KEY_END;

/**
 * Removes secrets from text before realdb writes it anywhere: the passwords and tokens realdb
 * was given, every kind of credential that {@code realdb scan} looks for (providers' tokens,
 * JWTs, the MySQL client's {@code --password=...} and {@code -p...}, {@code mysql://user:pass@host},
 * {@code DB_PASSWORD=...}; see {@link CredentialShapes}), private key blocks, and the patterns a
 * dataset adds. Immutable; {@link #lines()} gives a cleaner for a stream of lines, which also
 * masks the body of a private key printed over several lines.
 */
public final class Sanitizer {

    public static final String MASK = "****";

    /** What stands where a private key was: no key, and no header that looks like one. */
    static final String KEY_REMOVED = "[private key removed]";

    /** Shorter secrets are masked only as whole words: "nova" must not eat "nova_user_001". */
    static final int SHORT_SECRET = 8;

    /** Every private key header holds this: lines without it need no regular expression. */
    private static final String KEY_MARK = "PRIVATE KEY";

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

    /**
     * A result with every text that came from a log cleaned: versions, reasons in findings, info.
     * A log can be judged from its raw lines and only what is printed or written cleaned, which
     * costs a sanitiser's pass per finding and step instead of per line.
     */
    public RunResult clean(RunResult result) {
        java.util.Map<String, String> info = new java.util.LinkedHashMap<>();
        result.info().forEach((key, value) -> info.put(key, value == null ? null : clean(value)));
        List<Finding> findings = result.findings().stream()
                .map(f -> f.withMessage(clean(f.message()), cleanOrNull(f.step()))).toList();
        List<Step> steps = result.steps().stream().map(s -> new Step(s.phase(), clean(s.from()), clean(s.to()),
                s.direction(), s.ended(), s.durationMs(), s.rowsRead(), s.rowsInserted(), s.rowsUpdated(),
                s.rowsDeleted(), s.processMs(), s.durationSource(), s.impact(), cleanKeys(s.limits()))).toList();
        return new RunResult(result.schemaVersion(), cleanOrNull(result.dataset()), result.verdict(),
                cleanOrNull(result.finalVersion()), cleanOrNull(result.expectedFinalVersion()), result.durationMs(),
                info, findings, steps);
    }

    /** A step's own limit key is its versions, which a log gave. */
    private StepLimits cleanKeys(StepLimits limits) {
        if (limits == null) {
            return null;
        }
        return new StepLimits(cleanKey(limits.durationMs()), cleanKey(limits.rowsRead()),
                cleanKey(limits.rowsChanged()), cleanKey(limits.writeBlockedMs()), cleanKey(limits.readBlockedMs()));
    }

    private Limit cleanKey(Limit limit) {
        return limit == null ? null : new Limit(limit.value(), clean(limit.key()));
    }

    private String cleanOrNull(String text) {
        return text == null ? null : clean(text);
    }

    /** Cleans one piece of text on its own. */
    public String clean(String text) {
        String result = removeKeys(text);
        for (Secret secret : secrets) {
            result = secret.replaceIn(result);
        }
        result = CredentialShapes.mask(result, MASK);
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
        if (!text.contains(KEY_MARK)) {
            return text;
        }
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
            if (line.contains(KEY_MARK)) {
                Matcher begin = KEY_BEGIN.matcher(line);
                insideKey = begin.find() && !KEY_END.matcher(line).find(begin.end());
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
}
