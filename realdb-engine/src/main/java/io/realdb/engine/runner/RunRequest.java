package io.realdb.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.realdb.engine.dataset.Dataset;
import io.realdb.engine.sandbox.Isolation;
import io.realdb.engine.sandbox.ResourceLimits;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of the job for one dataset.
 *
 * @param project         a local folder or a git URL
 * @param trunkRef        the target branch, or any ref
 * @param changeRef       the change under test: branch, commit or {@code refs/changes/...}
 * @param migration       a {@code migration} section that replaces the dataset's, or null
 * @param isolation       how migration commands are kept from the network and the machine
 * @param budget          how long each step may run before it is killed
 * @param limits          what each process of a migration command may take
 * @param toolEnvironment the variables a migration command sees besides the database's
 * @param secrets         values that must never appear in anything realdb writes (tokens)
 * @param impact          whether each step's online impact is probed; null for the dataset's setting
 *                        ({@code impact.enabled}, on unless it says otherwise)
 */
public record RunRequest(
        Dataset dataset,
        String project,
        String trunkRef,
        String changeRef,
        Path outDir,
        ServerSpec server,
        JsonNode migration,
        Isolation isolation,
        TimeBudget budget,
        ResourceLimits limits,
        Map<String, String> toolEnvironment,
        List<String> secrets,
        Boolean impact) {

    public RunRequest {
        toolEnvironment = Map.copyOf(toolEnvironment);
        secrets = List.copyOf(secrets);
    }

    /** A request with the defaults: automatic isolation, the default budget and limits, no extra secrets. */
    public static RunRequest of(Dataset dataset, String project, String trunkRef, String changeRef, Path outDir,
                                ServerSpec server, Map<String, String> toolEnvironment) {
        return new RunRequest(dataset, project, trunkRef, changeRef, outDir, server, null, Isolation.AUTO,
                TimeBudget.DEFAULT, ResourceLimits.DEFAULT, toolEnvironment, List.of(), null);
    }

    /** Every secret of this run: the database passwords and the given secrets. */
    public List<String> allSecrets() {
        List<String> all = new java.util.ArrayList<>(secrets);
        all.add(dataset.password());
        if (!server.isEmbedded()) {
            all.add(server.existing().password());
        }
        all.removeIf(s -> s == null || s.isBlank());
        return List.copyOf(all);
    }

    public RunRequest with(Isolation otherIsolation, TimeBudget otherBudget) {
        return new RunRequest(dataset, project, trunkRef, changeRef, outDir, server, migration, otherIsolation,
                otherBudget, limits, toolEnvironment, secrets, impact);
    }

    public RunRequest withLimits(ResourceLimits otherLimits) {
        return new RunRequest(dataset, project, trunkRef, changeRef, outDir, server, migration, isolation,
                budget, otherLimits, toolEnvironment, secrets, impact);
    }

    public RunRequest withMigration(JsonNode otherMigration) {
        return new RunRequest(dataset, project, trunkRef, changeRef, outDir, server, otherMigration, isolation,
                budget, limits, toolEnvironment, secrets, impact);
    }

    public RunRequest withSecrets(List<String> otherSecrets) {
        return new RunRequest(dataset, project, trunkRef, changeRef, outDir, server, migration, isolation,
                budget, limits, toolEnvironment, otherSecrets, impact);
    }

    /** The same request with impact probing switched on or off, whatever the dataset says; null for what it says. */
    public RunRequest withImpact(Boolean probe) {
        return new RunRequest(dataset, project, trunkRef, changeRef, outDir, server, migration, isolation, budget,
                limits, toolEnvironment, secrets, probe);
    }

    /** How the steps are probed: the dataset's settings, switched on or off by the request. */
    public io.realdb.engine.dataset.ImpactSettings impactSettings() {
        return impact == null ? dataset.impact() : dataset.impact().withEnabled(impact);
    }
}
