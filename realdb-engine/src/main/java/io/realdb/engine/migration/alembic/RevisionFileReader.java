package io.realdb.engine.migration.alembic;

import io.realdb.engine.BadInputException;
import io.realdb.engine.InfrastructureException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads Alembic revision files without running Python: the module-level assignments of
 * {@code revision}, {@code down_revision}, {@code branch_labels} and {@code depends_on}, in any
 * of the shapes Alembic's templates and people write them:
 * <pre>
 * revision = 'ae1027a6acf'
 * revision: str = "ae1027a6acf"
 * down_revision: Union[str, Sequence[str], None] = ('1975ea83b712', '27c6a30d7c24')
 * branch_labels = ('expand',)
 * depends_on = None
 * </pre>
 * A value may be None, a string in either quote style, or a tuple, list or set of strings, over
 * several lines. Text inside triple-quoted strings (the docstring's "Revises:") is not read.
 */
final class RevisionFileReader {

    /** Ids go on Alembic's command line and into states joined by + and ,: none of those, no option. */
    private static final java.util.regex.Pattern REVISION_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private static final String[] FIELDS = {"revision", "down_revision", "branch_labels", "depends_on"};

    private RevisionFileReader() {
    }

    /**
     * Every revision under {@code folder}, searched recursively as Alembic does with
     * {@code recursive_version_locations}; Python files without a {@code revision} are skipped.
     */
    static List<Revision> readFolder(Path folder, String shownAs) {
        if (!Files.isDirectory(folder)) {
            throw new BadInputException("migration.versions '" + shownAs + "' is not a folder in the project");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".py"))
                    .filter(p -> !p.toString().contains("/__pycache__/"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        List<Revision> revisions = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot read the revision file " + folder.relativize(file) + ": "
                        + e.getMessage(), e);
            }
            read(text, file, shownAs + "/" + folder.relativize(file)).ifPresent(revisions::add);
        }
        return revisions;
    }

    /** The revision a file declares, or empty when it declares none (an {@code __init__.py}). */
    static Optional<Revision> read(String text, Path file, String shownAs) {
        Map<String, List<String>> values = assignments(text, shownAs);
        List<String> revision = values.get("revision");
        if (revision == null) {
            if (values.containsKey("down_revision")) {
                throw new BadInputException("revision file " + shownAs + " has a down_revision but no revision");
            }
            return Optional.empty();
        }
        if (revision.size() != 1 || revision.get(0).isBlank()) {
            throw new BadInputException("revision file " + shownAs + ": revision must be one string, not "
                    + (revision.isEmpty() ? "None" : revision));
        }
        for (String id : revision) {
            if (!REVISION_ID.matcher(id).matches()) {
                throw new BadInputException("revision file " + shownAs + ": revision id '" + id + "' is not one realdb can "
                        + "pass to Alembic (letters, digits, _, . and -, not first)");
            }
        }
        return Optional.of(new Revision(revision.get(0), values.getOrDefault("down_revision", List.of()),
                values.getOrDefault("branch_labels", List.of()), values.getOrDefault("depends_on", List.of()), file));
    }

    private static Map<String, List<String>> assignments(String text, String shownAs) {
        Map<String, List<String>> values = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        String openTriple = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (openTriple != null) {
                if (line.contains(openTriple)) {
                    openTriple = tripleStillOpen(line.substring(line.indexOf(openTriple) + 3), null);
                }
                continue;
            }
            String field = fieldAt(line);
            if (field == null) {
                openTriple = tripleStillOpen(line, null);
                continue;
            }
            int equals = assignmentEquals(line, field.length());
            if (equals < 0) {
                continue;
            }
            StringBuilder expression = new StringBuilder(line.substring(equals + 1));
            while (depth(expression) > 0 && i + 1 < lines.length) {
                expression.append('\n').append(lines[++i]);
            }
            try {
                values.put(field, parseValue(expression.toString(), field, shownAs));
            } catch (BadInputException e) {
                // Labels only break ties in the order; projects often name them by a constant
                // (neutron's cli.EXPAND_BRANCH), which cannot be read without running Python.
                if (!field.equals("branch_labels")) {
                    throw e;
                }
                values.put(field, List.of());
            }
        }
        return values;
    }

    /** The field a module-level line assigns, or null. */
    private static String fieldAt(String line) {
        for (String field : FIELDS) {
            if (line.startsWith(field) && line.length() > field.length()) {
                char next = line.charAt(field.length());
                if (next == ' ' || next == '\t' || next == '=' || next == ':') {
                    return field;
                }
            }
        }
        return null;
    }

    /**
     * The position of the assignment's {@code =}, after an optional annotation such as
     * {@code : Union[str, None]}; -1 when the line is not an assignment ({@code ==}, say).
     */
    private static int assignmentEquals(String line, int from) {
        int depth = 0;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == '=' && depth == 0) {
                boolean comparison = i + 1 < line.length() && line.charAt(i + 1) == '=';
                return comparison ? -1 : i;
            } else if (c == '#') {
                return -1;
            }
        }
        return -1;
    }

    /** How many brackets are open at the end of the text, outside strings and comments. */
    private static int depth(CharSequence text) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return depth;
    }

    /** None, a string, or a tuple, list or set of strings (and None inside one is left out). */
    private static List<String> parseValue(String expression, String field, String shownAs) {
        List<String> strings = new ArrayList<>();
        boolean none = false;
        boolean other = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '#') {
                while (i < expression.length() && expression.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                if (expression.startsWith(String.valueOf(c).repeat(3), i)) {
                    other = true;
                    break;
                }
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (j < expression.length() && expression.charAt(j) != c) {
                    if (expression.charAt(j) == '\\' && j + 1 < expression.length()) {
                        j++;
                    }
                    value.append(expression.charAt(j++));
                }
                if (j >= expression.length()) {
                    throw new BadInputException("revision file " + shownAs + ": the string in " + field + " is not closed");
                }
                strings.add(value.toString());
                i = j;
            } else if (expression.startsWith("None", i)) {
                none = true;
                i += 3;
            } else if (Character.isLetter(c) && !isStringPrefix(expression, i)) {
                other = true;
            }
        }
        if (other || (strings.isEmpty() && !none)) {
            throw new BadInputException("revision file " + shownAs + ": cannot read " + field + " = "
                    + expression.strip() + " (realdb reads None, a string, or a tuple or list of strings)");
        }
        return strings;
    }

    /** {@code r'...'} and {@code u"..."}: a letter that only prefixes a string. */
    private static boolean isStringPrefix(String expression, int i) {
        char c = Character.toLowerCase(expression.charAt(i));
        return (c == 'r' || c == 'u') && i + 1 < expression.length()
                && (expression.charAt(i + 1) == '\'' || expression.charAt(i + 1) == '"');
    }

    /**
     * Whether a triple-quoted string opened on this line stays open past its end, and with which
     * quotes; strings that close on the same line do not count.
     */
    private static String tripleStillOpen(String line, String open) {
        int i = 0;
        while (i < line.length()) {
            if (open == null) {
                int a = line.indexOf("\"\"\"", i);
                int b = line.indexOf("'''", i);
                int at = a < 0 ? b : b < 0 ? a : Math.min(a, b);
                int hash = hashOutsideStrings(line, i);
                if (at < 0 || (hash >= 0 && hash < at)) {
                    return null;
                }
                open = line.substring(at, at + 3);
                i = at + 3;
            } else {
                int close = line.indexOf(open, i);
                if (close < 0) {
                    return open;
                }
                open = null;
                i = close + 3;
            }
        }
        return open;
    }

    private static int hashOutsideStrings(String line, int from) {
        char quote = 0;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '#') {
                return i;
            } else if ((c == '\'' || c == '"') && !line.startsWith(String.valueOf(c).repeat(3), i)) {
                quote = c;
            } else if (line.startsWith("\"\"\"", i) || line.startsWith("'''", i)) {
                return -1;
            }
        }
        return -1;
    }
}
