package io.realdb.engine.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes in which credentials turn up in text: providers' tokens by their documented
 * prefixes, JWTs, private key headers, passwords in URLs and on command lines, and assignments
 * such as {@code DB_PASSWORD=...}. The sanitiser masks what these find and the scanner reports
 * it, from this one list, so a line the sanitiser has cleaned passes the scanner.
 *
 * <p>Every line realdb writes or analyses passes through here, and almost none holds a
 * credential. Each shape therefore names literal hints, at least one of which a line must hold
 * before its pattern is tried, and one pass over the line, a table look-up per character, finds
 * them all. Shapes are tried in order, the specific before the generic, so that the scanner
 * names a GitHub token as such even when it is assigned to {@code GH_TOKEN}.
 */
final class CredentialShapes {

    /** A credential found in a line: what it looks like, and where it is. */
    record Found(String kind, int start, int end) {
    }

    /**
     * A kind of credential. The pattern's group {@code secret} is what is masked; {@code isSecret}
     * turns down matches that only look like one: placeholders, references, masked values.
     */
    private record Shape(String kind, Pattern pattern, Predicate<String> isSecret, boolean hintsIgnoreCase,
                         List<String> hints) {
    }

    /** A literal that a line must hold for some shapes to match. */
    private record Hint(String text, boolean ignoreCase, long shapes) {
    }

    static final Pattern KEY_BEGIN = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----");
    static final Pattern KEY_END = Pattern.compile("-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----");

    /** The words a credential's name ends with in an assignment. */
    private static final String NAME_END = "(?:password|passwd|passphrase|_pass|secret|token"
            + "|(?:api|secret|private|access|account|auth|client|signing|encryption|master)[_.-]?key)";
    private static final List<String> NAME_HINTS = nameHints();

    private static final List<Shape> SHAPES = List.of(
            shape("private key", text -> true, "(?<secret>" + KEY_BEGIN.pattern() + ")",
                    false, List.of("PRIVATE KEY")),
            shape("password option", CredentialShapes::isValue,
                    "--password=(?<secret>[^\\s'\"]+)", false, List.of("--password=")),
            // SQL that sets a password: CREATE USER / ALTER USER / GRANT ... IDENTIFIED BY, SET PASSWORD.
            shape("SQL password", CredentialShapes::isValue,
                    "(?i)IDENTIFIED\\s+(?:WITH\\s+\\S+\\s+)?BY\\s+(?:PASSWORD\\s+)?['\"](?<secret>[^'\"]+)['\"]", true,
                    List.of("identified")),
            shape("SQL password", CredentialShapes::isValue,
                    "(?i)SET\\s+PASSWORD\\b[^=]*=\\s*(?:PASSWORD\\s*\\(\\s*)?['\"](?<secret>[^'\"]+)['\"]", true,
                    List.of("set password")),
            // -pSECRET is the MySQL client's; elsewhere -p is -path, -pr, -pedantic.
            shape("password option", CredentialShapes::isValue,
                    "(?<![^\\s'\"])-p(?<secret>[^\\s'\"]+)", true, List.of("mysql", "mariadb")),
            shape("AWS access key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})(?![A-Za-z0-9])",
                    false, List.of("AKIA", "ASIA", "ABIA", "ACCA", "A3T")),
            shape("AWS secret access key", CredentialShapes::isToken,
                    "(?i)(?:secret[_.-]?access[_.-]?key|aws[_.-]?secret(?:[_.-]?key)?)[\"']?"
                            + "(?:\\s*(?:=>|:=|=|:)\\s*|\\s+)[\"']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
                    true, concat(joined("secret", "access", "key"), joined("aws", "secret"))),
            shape("Google API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])", false, List.of("AIza")),
            shape("Google OAuth secret or token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>GOCSPX-[A-Za-z0-9_-]{28}|ya29\\.[A-Za-z0-9_-]{30,})",
                    false, List.of("GOCSPX-", "ya29.")),
            shape("Azure storage key", CredentialShapes::isToken,
                    "(?i)(?<![A-Za-z0-9])(?:Account|SharedAccess)Key\\s*=\\s*(?<secret>[A-Za-z0-9+/]{40,}={0,2})",
                    true, List.of("AccountKey", "SharedAccessKey")),
            shape("Azure shared access signature", CredentialShapes::isToken,
                    "(?i)[?&;]sig=(?<secret>[A-Za-z0-9%+/]{30,}(?:=|%3D){0,2})", true, List.of("sig=")),
            shape("Azure AD client secret", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])",
                    false, List.of("Q~")),
            shape("GitHub token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})"
                            + "(?![A-Za-z0-9_])",
                    false, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
            shape("GitLab token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|soat|cbt|ffct)-[A-Za-z0-9_.-]{20,}"
                            + "|GR1348941[A-Za-z0-9_-]{20,})",
                    false, List.of("glpat-", "gldt-", "glrt-", "glptt-", "glft-", "glimt-", "glagent-", "gloas-",
                            "glsoat-", "glcbt-", "glffct-", "GR1348941")),
            shape("Bitbucket or Atlassian token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>ATBB[A-Za-z0-9]{32}|ATATT[A-Za-z0-9_=-]{100,})(?![A-Za-z0-9_-])",
                    false, List.of("ATBB", "ATATT")),
            shape("Slack token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>xox[abeoprs]-[0-9]+-[A-Za-z0-9-]{8,}"
                            + "|xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{100,}|xapp-[0-9]-[A-Za-z0-9-]{20,})",
                    false, List.of("xoxa-", "xoxb-", "xoxe-", "xoxo-", "xoxp-", "xoxr-", "xoxs-", "xoxe.", "xapp-")),
            shape("Slack webhook URL", CredentialShapes::isToken,
                    "hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_/+-]{20,})",
                    false, List.of("hooks.slack.com")),
            shape("Discord webhook URL", CredentialShapes::isToken,
                    "(?i)discord(?:app)?\\.com/api/webhooks/[0-9]+/(?<secret>[A-Za-z0-9_-]{40,})",
                    true, List.of("discord")),
            shape("Discord bot token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40})"
                            + "(?![A-Za-z0-9_-])",
                    true, List.of("discord", "bot ")),
            shape("Telegram bot token", CredentialShapes::isToken,
                    "(?<![0-9])(?<secret>[0-9]{5,16}:A[A-Za-z0-9_-]{34})(?![A-Za-z0-9_-])", false, List.of(":A")),
            shape("Stripe key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>[rs]k_(?:live|test|prod)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{24,})",
                    false, List.of("sk_live_", "rk_live_", "sk_test_", "rk_test_", "sk_prod_", "rk_prod_", "whsec_")),
            shape("Twilio API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9])(?<secret>SK[0-9a-fA-F]{32})(?![A-Za-z0-9])", false, List.of("SK")),
            shape("SendGrid API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])",
                    false, List.of("SG.")),
            shape("Mailgun API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>key-[0-9a-f]{32})(?![A-Za-z0-9])", false, List.of("key-")),
            shape("Mailchimp API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9])(?<secret>[0-9a-f]{32}-us[0-9]{1,2})(?![A-Za-z0-9])", false, List.of("-us")),
            shape("npm token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])", false, List.of("npm_")),
            shape("PyPI token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>pypi-AgE[A-Za-z0-9_-]{50,})", false, List.of("pypi-AgE")),
            shape("Shopify token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>shp(?:at|ca|pa|ss)_[0-9a-fA-F]{32})(?![A-Za-z0-9])",
                    false, List.of("shpat_", "shpca_", "shppa_", "shpss_")),
            shape("Hugging Face token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>hf_[A-Za-z0-9]{30,40})(?![A-Za-z0-9])", false, List.of("hf_")),
            shape("OpenAI or Anthropic API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>sk-[A-Za-z0-9_-]{10,}T3BlbkFJ[A-Za-z0-9_-]{10,}"
                            + "|sk-ant-[a-z]+[0-9]{2}-[A-Za-z0-9_-]{40,})",
                    false, List.of("T3BlbkFJ", "sk-ant-")),
            shape("DigitalOcean token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>do[opr]_v1_[0-9a-f]{64})(?![A-Za-z0-9])",
                    false, List.of("dop_v1_", "doo_v1_", "dor_v1_")),
            shape("HashiCorp token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>hv[sbr]\\.[A-Za-z0-9_-]{24,}"
                            + "|[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,})",
                    false, List.of("hvs.", "hvb.", "hvr.", ".atlasv1.")),
            shape("Databricks token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>dapi[0-9a-f]{32}(?:-[0-9]+)?)(?![A-Za-z0-9])", false, List.of("dapi")),
            shape("Grafana token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[0-9a-fA-F]{8})",
                    false, List.of("glc_", "glsa_")),
            shape("Postman API key", CredentialShapes::isToken,
                    "(?<secret>PMAK-[0-9a-f]{24}-[0-9a-f]{34})", false, List.of("PMAK-")),
            shape("New Relic API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>NRAK-[A-Z0-9]{27})(?![A-Za-z0-9])", false, List.of("NRAK-")),
            shape("Linear API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>lin_api_[A-Za-z0-9]{40})(?![A-Za-z0-9])", false, List.of("lin_api_")),
            shape("Heroku API key", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>HRKU-[A-Za-z0-9_-]{30,})", false, List.of("HRKU-")),
            shape("Sentry token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>sntry[su]_[A-Za-z0-9_+/=]{40,})", false, List.of("sntrys_", "sntryu_")),
            shape("Doppler token", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_])(?<secret>dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,})",
                    false, List.of("dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit.")),
            shape("age secret key", CredentialShapes::isToken,
                    "(?<secret>AGE-SECRET-KEY-1[0-9A-Z]{58})", false, List.of("AGE-SECRET-KEY-1")),
            shape("JWT", CredentialShapes::isToken,
                    "(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\\.ey[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*)",
                    false, List.of("eyJ")),
            shape("bearer token", CredentialShapes::isToken,
                    "(?i)(?<![A-Za-z0-9])bearer\\s+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)", true, List.of("bearer")),
            shape("basic authorization", CredentialShapes::isValue,
                    "(?i)authorization[\"']?\\s*[:=]\\s*[\"']?basic\\s+(?<secret>[A-Za-z0-9+/]{3,}={0,2})",
                    true, List.of("authorization")),
            shape("credentials in a URL", CredentialShapes::isValue,
                    "://[^/\\s:@]*+:(?<secret>[^@\\s/]++)@", false, List.of("://")),
            // Matches start at the separator, which few characters are, and look back for the name:
            // first for its last letter, which rules out the timestamps' colons at little cost. A
            // space before a colon only after a quoted name, as in pretty JSON: Java's
            // "for (String secret : secrets)" assigns nothing.
            shape("password or token assignment", CredentialShapes::isValue,
                    "(?i)(?=[=:])(?<=[destny][\"']?\\s{0,3})"
                            + "(?:(?<=" + NAME_END + "[\"']\\s{0,3})|(?<=" + NAME_END + "\\s{0,3})(?==)"
                            + "|(?<=" + NAME_END + "))"
                            + "(?:=>|:=|=|:)\\s*+[\"']?(?<secret>(?<=\")[^\"]*+|(?<=')[^']*+|[^\\s\"'&]++)",
                    true, NAME_HINTS),
            // ODBC's Pwd=...; and MYSQL_PWD=..., but not the shell's PWD=/home/...
            shape("password or token assignment", CredentialShapes::isValue,
                    "(?i)(?<![A-Za-z0-9])pwd\\s*+=\\s*+(?<secret>[^/\\s;\"'&][^\\s;\"'&]*+)", true, List.of("pwd")),
            shape("password or token assignment", CredentialShapes::isValue,
                    "(?i)<[A-Za-z0-9_.:-]*?" + NAME_END + ">\\s*(?<secret>[^<\\s]+)\\s*</",
                    true, NAME_HINTS));

    /** ASCII with upper case letters folded to lower case. */
    private static final byte[] FOLD = fold();
    private static final Hint[][] HINTS_BY_PAIR = hintTable();
    /**
     * One bit for each slot of {@link #HINTS_BY_PAIR} that holds hints: 2 KB that stay in the
     * processor's nearest cache, where the table itself would not.
     */
    private static final long[] PAIRS_WITH_HINTS = pairsWithHints();

    private CredentialShapes() {
    }

    /** The first credential in {@code text}, in the order of the shapes, or null. */
    static Found find(String text) {
        long candidates = candidates(text);
        for (long bits = candidates; bits != 0; bits &= bits - 1) {
            Shape shape = SHAPES.get(Long.numberOfTrailingZeros(bits));
            Matcher matcher = shape.pattern().matcher(text);
            while (matcher.find()) {
                if (shape.isSecret().test(matcher.group("secret"))) {
                    return new Found(shape.kind(), matcher.start("secret"), matcher.end("secret"));
                }
            }
        }
        return null;
    }

    /** {@code text} with every credential replaced by {@code mask}; the same string when it holds none. */
    static String mask(String text, String mask) {
        long candidates = candidates(text);
        String result = text;
        for (long bits = candidates; bits != 0; bits &= bits - 1) {
            result = maskShape(SHAPES.get(Long.numberOfTrailingZeros(bits)), result, mask);
        }
        return result;
    }

    private static String maskShape(Shape shape, String text, String mask) {
        Matcher matcher = shape.pattern().matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (matcher.find()) {
            if (!shape.isSecret().test(matcher.group("secret"))) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, matcher.start("secret")).append(mask);
            last = matcher.end("secret");
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /**
     * The shapes that may match {@code text}, one bit each: those with a hint in it. Hints are
     * looked up by their first two characters, case folded, so most characters cost one read of
     * a small bit set.
     */
    static long candidates(String text) {
        long found = 0;
        int last = text.length() - 1;
        for (int i = 0; i < last; i++) {
            char first = text.charAt(i);
            char second = text.charAt(i + 1);
            if ((first | second) >= FOLD.length) {
                continue;
            }
            int pair = FOLD[first] << 7 | FOLD[second];
            if ((PAIRS_WITH_HINTS[pair >>> 6] & 1L << pair) == 0) {
                continue;
            }
            for (Hint hint : HINTS_BY_PAIR[pair]) {
                if ((found & hint.shapes()) != hint.shapes()
                        && text.regionMatches(hint.ignoreCase(), i, hint.text(), 0, hint.text().length())) {
                    found |= hint.shapes();
                }
            }
        }
        return found;
    }

    /** Whether a value assigned to a credential's name is one: not empty, a reference, a placeholder or masked. */
    static boolean isValue(String value) {
        String text = value.strip();
        while (!text.isEmpty() && ",;)".indexOf(text.charAt(text.length() - 1)) >= 0) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.length() < 3 || text.contains(Sanitizer.MASK) || text.chars().distinct().count() < 3) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return !PLACEHOLDER.matcher(text).matches() && !PLACEHOLDER_WORDS.contains(lower) && !lower.startsWith("your");
    }

    /**
     * A token of a fixed shape that is one: its characters vary as a random string's do, which
     * the {@code xxxx} and {@code 0000} of documentation examples do not.
     */
    static boolean isToken(String token) {
        return token.chars().distinct().count() >= 10;
    }

    /**
     * References to a value kept elsewhere ({@code ${DB_PASSWORD}}, {@code %(pw)s}), stand-ins
     * ({@code <pw>}), and code that fetches the value: a call or an index, as in a traceback's
     * {@code password = os.environ["DB_PASSWORD"]}.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\$\\{.*\\}?|\\$\\(.*\\)?|\\$[A-Za-z_][A-Za-z0-9_]*|%\\(\\w+\\)s|%[A-Za-z_]\\w*%|\\{\\{.*(?:\\}\\})?"
                    + "|\\{[\\w.]*\\}|<[^<>]*>?|\\[[^\\]]*\\]?|@\\w+@|#\\{.*\\}?|[A-Za-z_][\\w.]*[(\\[].*");

    /** Stand-ins for a value, and answers such as MySQL's {@code (using password: YES)}. */
    private static final Set<String> PLACEHOLDER_WORDS = Set.of(
            "changeme", "change_me", "change-me", "changeit", "redacted", "masked", "hidden", "removed", "secret",
            "password", "passwd", "token", "none", "null", "nil", "undefined", "true", "false", "yes", "no",
            "example", "dummy", "placeholder", "required", "optional", "empty", "unset", "notset", "todo");

    private static Shape shape(String kind, Predicate<String> isSecret, String regex, boolean hintsIgnoreCase,
                               List<String> hints) {
        return new Shape(kind, Pattern.compile(regex), isSecret, hintsIgnoreCase, hints);
    }

    /** The hints of all shapes by their first two characters, case folded; a hint held by several shapes once. */
    private static Hint[][] hintTable() {
        if (SHAPES.size() > Long.SIZE) {
            throw new IllegalStateException("more shapes than bits in a long");
        }
        Map<String, Hint> hints = new LinkedHashMap<>();
        for (int i = 0; i < SHAPES.size(); i++) {
            Shape shape = SHAPES.get(i);
            long bit = 1L << i;
            for (String text : shape.hints()) {
                String key = (shape.hintsIgnoreCase() ? "i:" + text.toLowerCase(Locale.ROOT) : "s:" + text);
                hints.merge(key, new Hint(key.substring(2), shape.hintsIgnoreCase(), bit),
                        (known, more) -> new Hint(known.text(), known.ignoreCase(), known.shapes() | more.shapes()));
            }
        }
        List<List<Hint>> slots = new ArrayList<>(Collections.nCopies(128 * 128, null));
        for (Hint hint : hints.values()) {
            int slot = FOLD[hint.text().charAt(0)] << 7 | FOLD[hint.text().charAt(1)];
            if (slots.get(slot) == null) {
                slots.set(slot, new ArrayList<>());
            }
            slots.get(slot).add(hint);
        }
        Hint[][] table = new Hint[slots.size()][];
        for (int i = 0; i < table.length; i++) {
            table[i] = slots.get(i) == null ? null : slots.get(i).toArray(Hint[]::new);
        }
        return table;
    }

    private static byte[] fold() {
        byte[] fold = new byte[128];
        for (int c = 0; c < fold.length; c++) {
            fold[c] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        return fold;
    }

    private static long[] pairsWithHints() {
        long[] bits = new long[HINTS_BY_PAIR.length / Long.SIZE];
        for (int pair = 0; pair < HINTS_BY_PAIR.length; pair++) {
            if (HINTS_BY_PAIR[pair] != null) {
                bits[pair >>> 6] |= 1L << pair;
            }
        }
        return bits;
    }

    /** The words joined as a name may join them: {@code secretaccesskey}, {@code secret_access_key}, ... */
    private static List<String> joined(String... words) {
        List<String> names = new ArrayList<>();
        for (String separator : new String[] {"", "_", "-", "."}) {
            names.add(String.join(separator, words));
        }
        return names;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static List<String> nameHints() {
        List<String> hints = new ArrayList<>(List.of("passw", "passphrase", "_pass", "secret", "token"));
        for (String word : List.of("api", "secret", "private", "access", "account", "auth", "client", "signing",
                "encryption", "master")) {
            hints.addAll(joined(word, "key"));
        }
        return List.copyOf(hints);
    }
}
