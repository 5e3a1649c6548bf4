package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.dataset.DatasetLimits;
import io.realdb.engine.dataset.DatasetLoader;
import io.realdb.engine.model.Limits;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.review.CombinedVerdict;
import io.realdb.engine.review.DatasetVerdict;
import io.realdb.engine.review.VerdictRule;
import io.realdb.report.ReviewMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Command(name = "report",
        description = "Writes report.html (the runs with trend charts from the history), junit.xml and "
                + "review-message.txt from saved results, one per dataset. Exits with the results' verdict; of several, "
                + "a failure outweighs an infrastructure error, then warnings.")
final class ReportCommand extends AbstractCommand {

    @Parameters(paramLabel = "RESULT", arity = "1..*", description = "result.json files, one per dataset.")
    List<Path> results;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where the files go. Default: the current folder.")
    Path out;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "A dataset folder (or config file), to show where its limits changed since the results' runs "
                    + "(repeatable). The limits each step was judged against come from the results themselves; "
                    + "results written before they kept them (schema version 1) are shown against these.")
    List<Path> datasets = new ArrayList<>();

    @Option(names = "--record", description = "Also record the results in the history (realdb run does this itself).")
    boolean record;

    @Mixin
    PublishOptions publishing = new PublishOptions();

    @Override
    protected int execute() {
        List<RunResult> read = new ArrayList<>();
        for (Path file : results) {
            RunResult result = ResultJson.read(file);
            if (result.verdict() == null) {
                throw new BadInputException("result file '" + file + "' has no verdict: it is not a realdb result");
            }
            read.add(result);
        }
        Map<String, Limits> limits = new HashMap<>();
        for (Path dataset : datasets) {
            DatasetLimits loaded = new DatasetLoader().loadLimits(dataset);
            limits.put(loaded.name(), loaded.limits());
        }
        publishing.publish(read, limits, out, record, out(), err(), System::getenv);
        List<DatasetVerdict> datasets = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            datasets.add(new DatasetVerdict(read.get(i), true, results.get(i)));
        }
        if (datasets.size() > 1) {
            out().println(ReviewMessage.headline(CombinedVerdict.of(datasets)));
        }
        return VerdictRule.exitCode(read.stream().map(RunResult::verdict).toList());
    }
}
