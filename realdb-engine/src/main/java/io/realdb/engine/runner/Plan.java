package io.realdb.engine.runner;

import java.util.List;

/**
 * The steps a run would take, worked out from the project's files and the seed's version alone,
 * without a database.
 *
 * @param seedVersion   the state the steps start from
 * @param seedSource    where that came from: {@code --from}, {@code seed} (read from the seed's
 *                      dump of the tool's table) or {@code base} (it could not be read)
 * @param expectedFinal the version the run must end at
 * @param notes         what a reader must know: where the seed's version came from, a downgrade
 *                      that stops early
 */
public record Plan(String dataset, String tool, String seedVersion, String seedSource, String expectedFinal,
                   List<PlannedStep> steps, List<String> notes) {

    public Plan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }
}
