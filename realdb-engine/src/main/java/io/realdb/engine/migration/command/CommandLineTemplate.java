package io.realdb.engine.migration.command;

import io.realdb.engine.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A command written as one line, such as {@code nova-manage db sync --version {to}}. It is split
 * into words the way a shell would (quotes, backslashes) but never run by a shell, and
 * placeholders are filled in per word, so a version name can never become a second command.
 */
public final class CommandLineTemplate {

    private final String text;
    private final List<String> words;

    private CommandLineTemplate(String text, List<String> words) {
        this.text = text;
        this.words = words;
    }

    /** @throws IllegalArgumentException when the quotes do not close or the line is empty */
    public static CommandLineTemplate parse(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the quote " + quote + " is not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command is empty");
        }
        return new CommandLineTemplate(text, List.copyOf(words));
    }

    public String program() {
        return words.get(0);
    }

    /**
     * Checks that the program can be started: a path in the checkout (or an absolute one) that
     * exists, or a name found on the environment's {@code PATH}.
     *
     * @throws BadInputException naming the command and the program when it cannot
     */
    public void requireProgram(Path checkout, Map<String, String> environment) {
        String program = program();
        if (program.contains("{")) {
            return;
        }
        if (program.contains("/")) {
            if (!Files.exists(checkout.resolve(program))) {
                throw new BadInputException("migration tool command '" + text + "': program '" + program
                        + "' is not in the project");
            }
            return;
        }
        String path = environment.getOrDefault("PATH", "");
        boolean found = Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
        if (!found) {
            throw new BadInputException("migration tool command '" + text + "': program '" + program
                    + "' is not found on PATH (" + path + ")");
        }
    }

    /** The words with every {@code {name}} replaced by its value. */
    public List<String> fill(Map<String, String> values) {
        List<String> filled = new ArrayList<>(words.size());
        for (String word : words) {
            String result = word;
            for (Map.Entry<String, String> value : values.entrySet()) {
                result = result.replace("{" + value.getKey() + "}", value.getValue());
            }
            filled.add(result);
        }
        return filled;
    }

    /** Words as one line a person can read and paste into a shell: quoted where they need it. */
    public static String display(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            boolean plain = !word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=@,+%{}".indexOf(c) >= 0);
            line.append(plain ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
