package io.realdb.engine.review;

import io.realdb.engine.model.Finding;
import io.realdb.engine.model.FindingKind;
import io.realdb.engine.model.ResultJson;
import io.realdb.engine.model.RunResult;
import io.realdb.engine.model.Severity;
import io.realdb.engine.model.Verdict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One dataset's part in a review: its saved result, and whether it votes.
 *
 * @param source the result file it was read from, or null
 */
public record DatasetVerdict(RunResult result, boolean voting, Path source) {

    /**
     * Reads a result from {@code result.json} or from the folder holding it. A run that died
     * before it wrote its result is still reported, as an infrastructure error named after its
     * folder: the review must say that the dataset did not run rather than leave it out.
     */
    public static DatasetVerdict read(Path fileOrFolder, boolean voting) {
        boolean isFile = Files.isRegularFile(fileOrFolder)
                || !Files.exists(fileOrFolder) && fileOrFolder.toString().endsWith(".json");
        Path file = isFile ? fileOrFolder : fileOrFolder.resolve(ResultJson.FILE_NAME);
        if (Files.exists(file)) {
            return new DatasetVerdict(ResultJson.read(file), voting, file);
        }
        Path folder = isFile ? file.toAbsolutePath().getParent() : fileOrFolder.toAbsolutePath();
        String name = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
        Finding missing = new Finding(FindingKind.INFRASTRUCTURE, Severity.ERROR,
                "realdb wrote no result (" + file + " is missing): the run stopped before it could judge the change");
        RunResult result = new RunResult(RunResult.SCHEMA_VERSION, name, Verdict.ERROR, null, null, null,
                Map.of(), List.of(missing), List.of());
        return new DatasetVerdict(result, voting, file);
    }

    /** The name the dataset goes by in the review. */
    public String name() {
        return result.dataset() != null ? result.dataset()
                : source != null && source.getParent() != null ? source.getParent().getFileName().toString() : "dataset";
    }
}
