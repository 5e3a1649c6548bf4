package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.DatasetLimits;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.history.HistoryImport;
import io.realdb.engine.history.HistoryStore;
import io.realdb.engine.history.HistoryStores;
import io.realdb.engine.model.Limits;
import io.realdb.engine.review.VerdictRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

@Command(name = "import",
        description = "Loads saved runs into the history: result.json files and run logs (realdb's or turbo-hipster's, "
                + "judged against the dataset's limits). In folders, result.json, *.result.json and *.log files are "
                + "imported. A file already imported is not imported again.")
final class HistoryImportCommand extends AbstractCommand {

    @Parameters(paramLabel = "FILE-OR-FOLDER", arity = "1..*", description = "Results, logs, or folders of them.")
    List<Path> paths;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "The dataset folder (or config file) of the logs: its name, and its limits to judge them.")
    Path dataset;

    @Option(names = "--dataset-name", paramLabel = "NAME",
            description = "The dataset's name for logs (and results that have none); overrides --dataset's.")
    String datasetName;

    @Option(names = "--engine", paramLabel = "ID",
            description = "The engine of runs that do not say theirs, as turbo-hipster's logs do not (mariadb, mysql, percona).")
    String engine;

    @Option(names = "--build-id", paramLabel = "ID",
            description = "A build id to keep with every imported run; {dir} in it is the name of the folder holding "
                    + "each file, for results copied from a CI's builds into one folder per build (41/result.json).")
    String buildId;

    @Option(names = "--build-url", paramLabel = "URL",
            description = "The build's address, linked from the report's trends; {dir} as in --build-id, "
                    + "e.g. https://ci.example.org/job/db/{dir}/.")
    String buildUrl;

    @Option(names = "--log-zone", paramLabel = "ZONE",
            description = "The zone of log timestamps without an offset (turbo-hipster's logs, older realdb logs), "
                    + "such as UTC or Europe/Berlin. Default: this machine's.")
    ZoneId logZone;

    @Mixin
    HistoryOptions history = new HistoryOptions();

    @Override
    protected int execute() {
        String name = datasetName;
        Limits limits = Limits.NONE;
        if (dataset != null) {
            DatasetLimits loaded = new DatasetLoader().loadLimits(dataset);
            limits = loaded.limits();
            name = name != null ? name : loaded.name();
        }
        try (HistoryStore store = HistoryStores.open(history.location(System::getenv))) {
            HistoryImport.Outcome outcome = new HistoryImport(store, new HistoryImport.Options(name, limits, engine, buildId, buildUrl, logZone))
                    .importPaths(paths);
            for (HistoryImport.Imported imported : outcome.imported()) {
                out().println((imported.recorded().added() ? "imported  " : "had it    ") + imported.file()
                        + " -> " + imported.dataset() + " run " + imported.recorded().id());
            }
            out().println(outcome.added() + " imported, " + outcome.alreadyThere() + " already in " + store.describe());
            if (!outcome.problems().isEmpty()) {
                outcome.problems().forEach(problem -> err().println("realdb: " + problem));
                throw new BadInputException(outcome.problems().size() + " of the files could not be imported");
            }
            return VerdictRule.EXIT_PASS;
        }
    }
}
