package io.realdb.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.dataset.Dataset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One run of the job for one dataset.
 *
 * @param project           a local folder or a git URL
 * @param trunkRef          the target branch, or any ref
 * @param changeRef         the change under test: branch, commit or {@code refs/changes/...}
 * @param migration         a {@code migration} section that replaces the dataset's, or null
 * @param stepTimeout       how long one migration step may run before it is killed
 * @param toolEnvironment   the variables a migration command sees besides the database's
 */
public record RunRequest(
        Dataset dataset,
        String project,
        String trunkRef,
        String changeRef,
        Path outDir,
        ServerSpec server,
        JsonNode migration,
        Duration stepTimeout,
        Map<String, String> toolEnvironment) {

    public static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofHours(2);
}
