package io.realdb.engine.impact;

import java.util.List;
import java.util.Optional;

/** The engines whose steps can be probed, by the engine's id. */
final class ImpactDialects {

    private static final List<ImpactDialect> ALL = List.of(new MariaDbImpact(), new PostgresImpact());

    private ImpactDialects() {
    }

    static Optional<ImpactDialect> forEngine(String engineId) {
        return ALL.stream().filter(d -> d.engineId().equals(engineId)).findFirst();
    }
}
