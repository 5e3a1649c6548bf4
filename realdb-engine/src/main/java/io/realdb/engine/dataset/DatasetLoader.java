package io.realdb.engine.dataset;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realdb.engine.BadInputException;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.RegressionPolicy;
import io.realdb.engine.model.Severity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads a dataset folder. turbo-hipster's {@code config.json} is read as it is; realdb's own
 * keys ({@code engine}, {@code migration}, {@code downgrade_to}, {@code db_pass_env},
 * {@code db_pass_file}, {@code severity}, {@code regression}, {@code name}, {@code impact}, and the limits
 * {@code maximum_write_block_ms} and {@code maximum_read_block_ms}) add to it. Keys starting with
 * {@code _} are comments, at any level.
 */
public final class DatasetLoader {

    public static final String CONFIG_FILE = "config.json";

    static final String SECONDS = "maximum_migration_times";
    static final String ROWS_READ = "Innodb_rows_read";
    static final String ROWS_CHANGED = "XInnodb_rows_changed";
    static final String REGRESSION = "regression";
    static final String WRITE_BLOCK = "maximum_write_block_ms";
    static final String READ_BLOCK = "maximum_read_block_ms";
    static final String IMPACT = "impact";

    private static final Set<String> KNOWN_KEYS = Set.of(
            "project", "type", "database", "db_user", "db_pass", "seed_data", "logging_conf",
            SECONDS, ROWS_READ, ROWS_CHANGED, WRITE_BLOCK, READ_BLOCK,
            "name", "engine", "migration", "downgrade_to", "db_pass_env", "db_pass_file", "severity", "sanitize",
            REGRESSION, IMPACT);

    private static final Set<String> REGRESSION_KEYS = Set.of("factor", "runs", "min_runs", "min_seconds", "min_rows");
    private static final Set<String> IMPACT_KEYS = Set.of("enabled", "threshold_ms", "concurrency", "exclude");

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final Function<String, String> environment;
    private final List<String> warnings = new ArrayList<>();

    public DatasetLoader() {
        this(System::getenv);
    }

    public DatasetLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    /** What was odd but not wrong in the last load (unknown keys), for the user to see. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Loads a dataset from its folder, or from a config file given directly. */
    public Dataset load(Path location) {
        Parsed parsed = read(location);
        Fields fields = parsed.fields;
        String engine = fields.text("engine", fields.text("type", "mysql"));
        String database = fields.required("database");
        checkIdentifier(parsed.configFile, "database", database);
        String user = fields.text("db_user", "realdb");
        checkIdentifier(parsed.configFile, "db_user", user);
        String password = password(fields, parsed.folder);
        Path seed = seed(fields, parsed.folder);
        JsonNode migration = fields.root.get("migration");
        if (migration != null && !migration.isObject()) {
            throw fields.wrong("migration", "must be an object such as {\"tool\": \"sql-dir\"}");
        }
        String downgradeTo = fields.text("downgrade_to", null);
        return new Dataset(parsed.name, parsed.folder, parsed.configFile, fields.text("project", null), engine,
                database, user, password, seed, limits(fields), migration, downgradeTo, sanitize(fields), impact(fields));
    }

    /**
     * Reads only a dataset's name and limits, for judging a log: the seed need not be there and
     * secrets are not looked up.
     */
    public DatasetLimits loadLimits(Path location) {
        Parsed parsed = read(location);
        String clear = parsed.fields.text("db_pass", null);
        return new DatasetLimits(parsed.name, parsed.configFile, limits(parsed.fields),
                clear == null ? List.of() : List.of(clear), sanitize(parsed.fields));
    }

    private record Parsed(String name, Path folder, Path configFile, Fields fields) {
    }

    private Parsed read(Path location) {
        warnings.clear();
        if (!Files.exists(location)) {
            throw new BadInputException("dataset folder '" + location + "' does not exist");
        }
        Path configFile = Files.isDirectory(location) ? findConfig(location) : location;
        Path folder = configFile.toAbsolutePath().getParent();
        ObjectNode root = parse(configFile);
        Fields fields = new Fields(configFile, root);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!key.startsWith("_") && !KNOWN_KEYS.contains(key)) {
                warnings.add(configFile + ": unknown key '" + key + "' ignored");
            }
        }
        String defaultName = Files.isDirectory(location)
                ? location.toAbsolutePath().normalize().getFileName().toString()
                : configFile.getFileName().toString().replaceFirst("(\\.config)?\\.json$", "");
        return new Parsed(fields.text("name", defaultName), folder, configFile, fields);
    }

    private static Limits limits(Fields fields) {
        return new Limits(
                fields.limits(SECONDS, JsonNode::asDouble),
                fields.limits(ROWS_READ, JsonNode::asLong),
                fields.limits(ROWS_CHANGED, JsonNode::asLong),
                severities(fields),
                regression(fields),
                fields.limits(WRITE_BLOCK, JsonNode::asLong),
                fields.limits(READ_BLOCK, JsonNode::asLong));
    }

    private static Path findConfig(Path folder) {
        Path config = folder.resolve(CONFIG_FILE);
        if (Files.isRegularFile(config)) {
            return config;
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> candidates = files.filter(p -> p.getFileName().toString().endsWith(".config.json")).toList();
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read dataset folder '" + folder + "': " + e.getMessage(), e);
        }
        throw new BadInputException("dataset folder '" + folder + "' has no " + CONFIG_FILE);
    }

    private ObjectNode parse(Path configFile) {
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read dataset config '" + configFile + "': " + e.getMessage(), e);
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new BadInputException("dataset config '" + configFile + "' is not valid JSON" + at + ": "
                    + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new BadInputException("dataset config '" + configFile + "' must hold a JSON object");
        }
        return (ObjectNode) node;
    }

    private String password(Fields fields, Path folder) {
        String clear = fields.text("db_pass", null);
        String variable = fields.text("db_pass_env", null);
        String file = fields.text("db_pass_file", null);
        if (variable != null) {
            String value = environment.apply(variable);
            if (value == null) {
                throw fields.wrong("db_pass_env", "names the environment variable '" + variable + "', which is not set");
            }
            return value;
        }
        if (file != null) {
            Path path = folder.resolve(file);
            try {
                return Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw fields.wrong("db_pass_file", "names '" + path + "', which cannot be read");
            }
        }
        if (clear != null) {
            return clear;
        }
        // No password configured: the run makes one up, so that the user still has one.
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static Path seed(Fields fields, Path folder) {
        String name = fields.required("seed_data");
        Path seed = folder.resolve(name).normalize();
        if (Files.isRegularFile(seed)) {
            return nonEmpty(seed, fields);
        }
        Path gzipped = folder.resolve(name + ".gz").normalize();
        if (Files.isRegularFile(gzipped)) {
            return nonEmpty(gzipped, fields);
        }
        throw new BadInputException("seed file '" + seed + "' named by seed_data in '" + fields.file
                + "' does not exist");
    }

    /** An empty seed would run the whole job on an empty database and pass it. */
    private static Path nonEmpty(Path seed, Fields fields) {
        try {
            if (Files.size(seed) == 0) {
                throw new BadInputException("seed file '" + seed + "' named by seed_data in '" + fields.file
                        + "' is empty (0 bytes): a dataset needs the database to restore");
            }
        } catch (java.io.IOException e) {
            throw new BadInputException("seed file '" + seed + "' cannot be read: " + e.getMessage(), e);
        }
        return seed;
    }

    private static List<Pattern> sanitize(Fields fields) {
        JsonNode node = fields.root.get("sanitize");
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fields.wrong("sanitize", "must be a list of regular expressions");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            try {
                patterns.add(Pattern.compile(node.get(i).asText()));
            } catch (PatternSyntaxException e) {
                throw fields.wrong("sanitize[" + i + "]", "is not a valid regular expression: " + e.getDescription());
            }
        }
        return patterns;
    }

    /** The {@code impact} section; a key it does not know is an error, as a misspelt one would be ignored. */
    private static ImpactSettings impact(Fields fields) {
        JsonNode node = fields.root.get(IMPACT);
        if (node == null || node.isNull()) {
            return ImpactSettings.DEFAULT;
        }
        if (!node.isObject()) {
            throw fields.wrong(IMPACT, "must be an object such as {\"threshold_ms\": 200, \"exclude\": [\"big_log_table\"]}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("_") && !IMPACT_KEYS.contains(name)) {
                throw fields.wrong(IMPACT + "." + name, "is not a setting of impact (it reads "
                        + String.join(", ", new java.util.TreeSet<>(IMPACT_KEYS)) + ")");
            }
        }
        ImpactSettings defaults = ImpactSettings.DEFAULT;
        boolean enabled = defaults.enabled();
        JsonNode on = node.get("enabled");
        if (on != null) {
            if (!on.isBoolean()) {
                throw fields.wrong(IMPACT + ".enabled", "must be true or false");
            }
            enabled = on.asBoolean();
        }
        long threshold = wholeNumber(fields, node, "threshold_ms", defaults.thresholdMs(), 1, 3_600_000);
        int concurrency = (int) wholeNumber(fields, node, "concurrency", defaults.concurrency(), 1,
                ImpactSettings.MAX_CONCURRENCY);
        List<String> exclude = new ArrayList<>();
        JsonNode tables = node.get("exclude");
        if (tables != null) {
            if (!tables.isArray()) {
                throw fields.wrong(IMPACT + ".exclude", "must be a list of table names");
            }
            for (int i = 0; i < tables.size(); i++) {
                if (!tables.get(i).isTextual() || tables.get(i).asText().isBlank()) {
                    throw fields.wrong(IMPACT + ".exclude[" + i + "]", "must be a table name");
                }
                exclude.add(tables.get(i).asText());
            }
        }
        return new ImpactSettings(enabled, threshold, concurrency, Set.copyOf(exclude));
    }

    private static long wholeNumber(Fields fields, JsonNode section, String key, long fallback, long min, long max) {
        JsonNode value = section.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
            throw fields.wrong(IMPACT + "." + key, "must be a whole number from " + min + " to " + max + ", not " + value);
        }
        return value.asLong();
    }

    private static Map<FindingKind, Severity> severities(Fields fields) {
        JsonNode node = fields.root.get("severity");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw fields.wrong("severity", "must be an object such as {\"took-too-long\": \"warning\"}");
        }
        Map<FindingKind, Severity> result = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().startsWith("_")) {
                continue;
            }
            FindingKind kind;
            Severity severity;
            try {
                kind = FindingKind.fromId(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw fields.wrong("severity." + entry.getKey(), "is not a finding kind");
            }
            try {
                severity = Severity.fromId(entry.getValue().asText());
            } catch (IllegalArgumentException e) {
                throw fields.wrong("severity." + entry.getKey(), "must be \"failure\" or \"warning\"");
            }
            if (!kind.judgesTheChange() || severity == Severity.ERROR) {
                throw fields.wrong("severity." + entry.getKey(),
                        "cannot be changed: only findings about the change can be failures or warnings");
            }
            result.put(kind, severity);
        }
        return result;
    }

    /**
     * The {@code regression} section: {@code false} turns the comparison with a step's recent runs
     * off; an object sets any of its keys, the others keep their defaults.
     */
    private static RegressionPolicy regression(Fields fields) {
        JsonNode node = fields.root.get(REGRESSION);
        RegressionPolicy defaults = RegressionPolicy.DEFAULT;
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? defaults : RegressionPolicy.OFF;
        }
        if (!node.isObject()) {
            throw fields.wrong(REGRESSION, "must be false or an object such as "
                    + "{\"factor\": 2.0, \"runs\": 30, \"min_seconds\": 5, \"min_rows\": 1000}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("_") && !REGRESSION_KEYS.contains(name)) {
                throw fields.wrong(REGRESSION + "." + name, "is not one of " + new java.util.TreeSet<>(REGRESSION_KEYS));
            }
        }
        double factor = number(fields, node, "factor", defaults.factor());
        if (!(factor > 1)) {
            throw fields.wrong(REGRESSION + ".factor", "must be more than 1, not " + node.get("factor"));
        }
        int runs = (int) whole(fields, node, "runs", defaults.runs(), 1);
        int minRuns = (int) whole(fields, node, "min_runs", Math.min(defaults.minRuns(), runs), 1);
        if (minRuns > runs) {
            throw fields.wrong(REGRESSION + ".min_runs", "must not be more than runs (" + runs + ")");
        }
        double minSeconds = number(fields, node, "min_seconds", defaults.minSeconds());
        long minRows = whole(fields, node, "min_rows", defaults.minRows(), 0);
        return new RegressionPolicy(true, factor, runs, minRuns, minSeconds, minRows);
    }

    private static double number(Fields fields, JsonNode section, String key, double fallback) {
        JsonNode value = section.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            throw fields.wrong(REGRESSION + "." + key, "must be a number of at least 0, not " + value);
        }
        return value.asDouble();
    }

    private static long whole(Fields fields, JsonNode section, String key, long fallback, long least) {
        JsonNode value = section.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < least || value.asLong() > 1_000_000) {
            throw fields.wrong(REGRESSION + "." + key, "must be a whole number of at least " + least + ", not " + value);
        }
        return value.asLong();
    }

    private static void checkIdentifier(Path file, String field, String value) {
        if (!value.matches("[A-Za-z0-9_$-]{1,64}")) {
            throw new BadInputException("dataset config '" + file + "': field " + field + " = '" + value
                    + "' must be 1 to 64 letters, digits, '_', '$' or '-'");
        }
    }

    /** Typed access to the config's fields, with errors that name the file and the field. */
    private static final class Fields {
        private final Path file;
        private final ObjectNode root;

        Fields(Path file, ObjectNode root) {
            this.file = file;
            this.root = root;
        }

        String text(String key, String fallback) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isTextual() && !node.isNumber()) {
                throw wrong(key, "must be a string");
            }
            String value = node.asText();
            if (value.isBlank()) {
                throw wrong(key, "must not be empty");
            }
            return value;
        }

        String required(String key) {
            String value = text(key, null);
            if (value == null) {
                throw new BadInputException("dataset config '" + file + "' has no field " + key);
            }
            return value;
        }

        <T> Map<String, T> limits(String key, Function<JsonNode, T> read) {
            JsonNode node = root.get(key);
            if (node == null) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw wrong(key, "must be an object such as {\"default\": 60, \"151->152\": 333}");
            }
            Map<String, T> result = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String step = entry.getKey();
                if (step.startsWith("_")) {
                    continue;
                }
                if (!step.equals(Limits.DEFAULT_KEY) && !step.matches("[^\\s>-]+->[^\\s>-]+")) {
                    throw wrong(key + "." + step, "is not \"default\" or a step such as \"151->152\"");
                }
                JsonNode value = entry.getValue();
                if (!value.isNumber() || value.asDouble() < 0) {
                    throw wrong(key + "." + step, "must be a number of at least 0, not " + value);
                }
                result.put(step, read.apply(value));
            }
            return result;
        }

        BadInputException wrong(String field, String problem) {
            return new BadInputException("dataset config '" + file + "': field " + field + " " + problem);
        }
    }
}
