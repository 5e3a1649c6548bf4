package io.realdb.engine.history;

import io.realdb.engine.BadInputException;
import io.realdb.engine.analysis.AnalysisOptions;
import io.realdb.engine.analysis.LogAnalyzer;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads saved runs into the history: realdb's {@code result.json} files and run logs, realdb's
 * or turbo-hipster's (analysed as {@code realdb analyze} would). Importing a file twice adds it
 * once. Files that cannot be imported are collected as problems; the others are imported.
 */
public final class HistoryImport {

    /**
     * @param dataset  the dataset of logs (a log does not name it), and of results that do not; or null
     * @param limits   what logs are judged against
     * @param engine   the engine of runs that do not say theirs (turbo-hipster's logs), or null
     * @param buildId  the CI build kept with every imported run, or null; {@value #DIR} in it is the
     *                 name of the folder holding each file, so that results copied from a CI's builds
     *                 into one folder per build ({@code 41/result.json}) keep their build
     * @param buildUrl the build's address, or null; {@value #DIR} as in {@code buildId}
     * @param logZone  the zone of log timestamps written without an offset (turbo-hipster's), or null
     *                 for this machine's
     */
    public record Options(String dataset, Limits limits, String engine, String buildId, String buildUrl, ZoneId logZone) {
        public Options {
            limits = limits == null ? Limits.NONE : limits;
        }

        public Options(String dataset, Limits limits, String engine, String buildId, String buildUrl) {
            this(dataset, limits, engine, buildId, buildUrl, null);
        }
    }

    /** In a build id or URL: the name of the folder holding the imported file. */
    public static final String DIR = "{dir}";

    /** One file imported: {@code recorded.added()} is false when the history had it already. */
    public record Imported(Path file, String dataset, HistoryStore.Recorded recorded) {
    }

    public record Outcome(List<Imported> imported, List<String> problems) {
        public long added() {
            return imported.stream().filter(i -> i.recorded().added()).count();
        }

        public long alreadyThere() {
            return imported.size() - added();
        }
    }

    private final HistoryStore store;
    private final Options options;

    /** The log a run writes beside its result.json (the runner's {@code UpgradeJob.LOG_FILE}). */
    private static final String RUN_LOG = "realdb.log";

    public HistoryImport(HistoryStore store, Options options) {
        this.store = store;
        this.options = options;
    }

    /**
     * Imports files and folders. A file is a result when it holds JSON, else a log; in a folder,
     * {@code result.json}, {@code *.result.json} and {@code *.log} files are imported, at any depth.
     */
    public Outcome importPaths(List<Path> paths) {
        List<Imported> imported = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                for (Path file : filesIn(path)) {
                    importFile(file, imported, problems);
                }
            } else if (Files.isRegularFile(path)) {
                importFile(path, imported, problems);
            } else {
                problems.add("'" + path + "' does not exist");
            }
        }
        return new Outcome(imported, problems);
    }

    private void importFile(Path file, List<Imported> imported, List<String> problems) {
        try {
            RunRecord record = isJson(file) ? fromResult(file) : fromLog(file);
            imported.add(new Imported(file, record.dataset(), store.record(record)));
        } catch (BadInputException e) {
            problems.add(e.getMessage());
        }
    }

    private RunRecord fromResult(Path file) {
        RunResult result = ResultJson.read(file);
        if (result.verdict() == null || result.schemaVersion() < 1) {
            throw new BadInputException("result file '" + file + "' is not a realdb result: it has no verdict or schemaVersion");
        }
        RunRecord.Builder builder = RunRecord.from(result)
                .datasetIfMissing(options.dataset())
                .engineIfMissing(options.engine())
                .startedAtIfMissing(modified(file))
                .source(file.toString());
        if (!builder.hasDataset()) {
            throw new BadInputException("result file '" + file + "' names no dataset: give the dataset's name");
        }
        return builder.ciBuild(forFile(options.buildId(), file), forFile(options.buildUrl(), file)).build();
    }

    private RunRecord fromLog(Path file) {
        if (options.dataset() == null) {
            throw new BadInputException("log '" + file + "': a log does not name its dataset; give the dataset's name");
        }
        // Old logs may hold passwords: what is recorded of them is sanitised. The run started at
        // the log's first timestamp, which the analysis gives as info.startedAt.
        RunResult result = io.realdb.engine.log.Sanitizer.standard().clean(LogAnalyzer.analyze(file,
                new AnalysisOptions(options.dataset(), options.limits(), null).withZone(options.logZone())));
        return RunRecord.from(result)
                .engineIfMissing(options.engine())
                .startedAtIfMissing(modified(file))
                .digest(RunDigest.ofFile(file))
                .source(file.toString())
                .ciBuild(forFile(options.buildId(), file), forFile(options.buildUrl(), file))
                .build();
    }

    private static String forFile(String template, Path file) {
        if (template == null || !template.contains(DIR)) {
            return template;
        }
        Path folder = file.toAbsolutePath().getParent();
        return template.replace(DIR, folder == null || folder.getFileName() == null ? "" : folder.getFileName().toString());
    }

    private static List<Path> filesIn(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.equals(ResultJson.FILE_NAME) || name.endsWith(".result.json") || name.endsWith(".log");
                    })
                    // A run's folder holds its log and the log's analysis, result.json: one run, recorded once.
                    .filter(p -> !(p.getFileName().toString().equals(RUN_LOG)
                            && Files.isRegularFile(p.resolveSibling(ResultJson.FILE_NAME))))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new BadInputException("cannot read the folder '" + folder + "': " + e.getMessage(), e);
        }
    }

    private static boolean isJson(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (!Character.isWhitespace(c)) {
                    return c == '{';
                }
            }
            return false;
        } catch (IOException e) {
            throw new BadInputException("cannot read '" + file + "': " + e.getMessage(), e);
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }
}
