package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.analysis.AnalysisOptions;
import io.realdb.engine.analysis.LogAnalyzer;
import io.realdb.engine.dataset.DatasetLimits;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.log.Sanitizer;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.review.VerdictRule;
import io.realdb.report.ConsoleReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

@Command(name = "analyze",
        description = "Judges a migration log (realdb's or turbo-hipster's) against a dataset's limits. "
                + "Reads the log as a stream; prints the per-step table, or the result as JSON.")
final class AnalyzeCommand extends AbstractCommand {

    @Parameters(paramLabel = "LOG", description = "The log file to read.")
    Path log;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "A dataset folder (or config file) whose limits judge the steps. Without it, no limits apply.")
    Path dataset;

    @Option(names = "--expect-final", paramLabel = "VERSION",
            description = "The version the database must end at; overrides the one the log states.")
    String expectFinal;

    @Option(names = "--json", description = "Print the result as JSON (the shape of result.json).")
    boolean json;

    @Option(names = "--log-zone", paramLabel = "ZONE",
            description = "The zone of timestamps without an offset (turbo-hipster's logs, older realdb logs), "
                    + "such as UTC or Europe/Berlin. Default: this machine's.")
    ZoneId logZone;

    @Option(names = "--print-log", description = "Print the log as it is read, sanitised, before the result.")
    boolean printLog;

    @Option(names = "--secret-env", paramLabel = "NAME",
            description = "An environment variable holding a secret to mask wherever it appears (repeatable).")
    List<String> secretEnv = new ArrayList<>();

    @Override
    protected int execute() {
        if (Files.isDirectory(log)) {
            throw new BadInputException("'" + log + "' is a folder: give the run's log file (realdb.log) in it");
        }
        if (!Files.isRegularFile(log)) {
            throw new BadInputException("log file '" + log + "' does not exist");
        }
        Limits limits = Limits.NONE;
        String name = null;
        List<String> secrets = new ArrayList<>(Secrets.fromEnvironment(secretEnv));
        Sanitizer sanitizer = Sanitizer.standard();
        if (dataset != null) {
            DatasetLimits loaded = new DatasetLoader().loadLimits(dataset);
            limits = loaded.limits();
            name = loaded.name();
            secrets.addAll(loaded.secrets());
            sanitizer = sanitizer.withPatterns(loaded.sanitize());
        }
        for (String secret : secrets) {
            sanitizer = sanitizer.withSecret(secret);
        }
        // Old logs may hold passwords (turbo-hipster printed --password=...). The log is judged
        // from its raw lines; what is printed of it, and the result, are sanitised.
        AnalysisOptions options = new AnalysisOptions(name, limits, expectFinal).withZone(logZone);
        if (printLog) {
            Sanitizer.Lines cleaner = sanitizer.lines();
            options = options.withLineListener(line -> out().println(cleaner.clean(line)));
        }
        RunResult result = sanitizer.clean(LogAnalyzer.analyze(log, options));
        out().print(json ? ResultJson.toJson(result) + System.lineSeparator() : ConsoleReport.render(result));
        return VerdictRule.exitCode(result.verdict());
    }
}
