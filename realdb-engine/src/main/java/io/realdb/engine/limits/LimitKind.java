package io.realdb.engine.limits;

import io.realdb.engine.model.Limits;
import io.realdb.engine.model.Step;

import java.util.Map;

/**
 * The three limits learned from history, with the config keys turbo-hipster gave them. The limits of
 * blocking ({@code maximum_write_block_ms}, {@code maximum_read_block_ms}) are not among them: how long
 * an application may wait is a policy, and learning it from the migrations would bless their blocks.
 */
public enum LimitKind {
    SECONDS("maximum_migration_times", "duration"),
    ROWS_READ("Innodb_rows_read", "rows read"),
    ROWS_CHANGED("XInnodb_rows_changed", "rows changed");

    private final String configKey;
    private final String label;

    LimitKind(String configKey, String label) {
        this.configKey = configKey;
        this.label = label;
    }

    /** The dataset config's key of this limit's map. */
    public String configKey() {
        return configKey;
    }

    public String label() {
        return label;
    }

    /** This kind's map of a dataset's limits: {@code default} and per-step keys. */
    public Map<String, ? extends Number> of(Limits limits) {
        return switch (this) {
            case SECONDS -> limits.seconds();
            case ROWS_READ -> limits.rowsRead();
            case ROWS_CHANGED -> limits.rowsChanged();
        };
    }

    /**
     * What a step measured, in the unit of the limit (seconds, rows), or null when the step did
     * not measure it (it did not end, the log had no counters).
     */
    public Double measure(Step step) {
        return switch (this) {
            case SECONDS -> step.ended() && step.durationMs() != null ? step.durationMs() / 1000.0 : null;
            case ROWS_READ -> step.rowsRead() == null ? null : step.rowsRead().doubleValue();
            case ROWS_CHANGED -> step.rowsChanged() == null ? null : step.rowsChanged().doubleValue();
        };
    }
}
