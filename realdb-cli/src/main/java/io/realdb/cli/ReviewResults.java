package io.realdb.cli;

import io.realdb.engine.BadInputException;
import io.realdb.engine.review.DatasetVerdict;
import io.realdb.report.ReviewMessage;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The results a review is made of, and how its message names them: shared by {@code vote} and {@code message}. */
final class ReviewResults {

    @Parameters(paramLabel = "RESULT", arity = "0..*",
            description = "A voting dataset's result: its result.json, or the run's output folder that holds it.")
    List<Path> voting = new ArrayList<>();

    @Option(names = "--non-voting", paramLabel = "RESULT",
            description = "A non-voting dataset's result (repeatable): it is in the message, not in the vote.")
    List<Path> nonVoting = new ArrayList<>();

    @Option(names = "--job", defaultValue = ReviewMessage.DEFAULT_JOB, paramLabel = "NAME",
            description = "The job's name at the start of each dataset's line. Default: ${DEFAULT-VALUE}.")
    String job;

    @Option(names = "--report-url", paramLabel = "TEMPLATE",
            description = "Where each dataset's report is, e.g. https://ci.example.org/job/db/7/artifact/realdb-out/{dir}/report.html; "
                    + "{dataset} is the dataset's name, {dir} the name of the folder holding its result.")
    String reportUrl;

    /** Reads every result; a missing one becomes an infrastructure error, said on {@code err}. */
    List<DatasetVerdict> read(PrintWriter err) {
        if (voting.isEmpty() && nonVoting.isEmpty()) {
            throw new BadInputException("no result given: name at least one result.json or run output folder");
        }
        List<DatasetVerdict> datasets = new ArrayList<>();
        voting.forEach(path -> datasets.add(read(path, true, err)));
        nonVoting.forEach(path -> datasets.add(read(path, false, err)));
        return datasets;
    }

    private static DatasetVerdict read(Path path, boolean voting, PrintWriter err) {
        DatasetVerdict dataset = DatasetVerdict.read(path, voting);
        if (!Files.exists(dataset.source())) {
            err.println("realdb: warning: " + dataset.source() + " does not exist; dataset " + dataset.name()
                    + " is reported as not run (an infrastructure error)");
        }
        return dataset;
    }

    String message(List<DatasetVerdict> datasets) {
        return ReviewMessage.summary(job, datasets, this::reportUrl);
    }

    private String reportUrl(DatasetVerdict dataset) {
        if (reportUrl == null || reportUrl.isBlank()) {
            return null;
        }
        Path folder = dataset.source() == null ? null : dataset.source().toAbsolutePath().getParent();
        String dir = folder == null || folder.getFileName() == null ? dataset.name() : folder.getFileName().toString();
        return reportUrl.replace("{dataset}", dataset.name()).replace("{dir}", dir);
    }
}
