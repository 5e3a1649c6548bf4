package io.realdb.engine.analysis;

import io.realdb.engine.model.Limits;

import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * How to analyse one log.
 *
 * @param dataset              the dataset's name for the result, or null
 * @param limits               the dataset's limits and severity policy; null means none
 * @param expectedFinalVersion the version the run must end at; wins over the log's
 *                             {@code Expected final version} line; null to use the log's
 * @param lineListener         sees every line as read (to print the log while analysing), or null
 * @param lineFilter           rewrites every line before anything else sees it (to sanitise an old
 *                             log), or null
 * @param zone                 the zone of timestamps written without an offset (turbo-hipster's, and
 *                             realdb's older logs); null for this machine's zone when the log is read
 */
public record AnalysisOptions(
        String dataset,
        Limits limits,
        String expectedFinalVersion,
        Consumer<String> lineListener,
        UnaryOperator<String> lineFilter,
        ZoneId zone) {

    public static final AnalysisOptions DEFAULT = new AnalysisOptions(null, Limits.NONE, null, null, null, null);

    public AnalysisOptions {
        limits = limits == null ? Limits.NONE : limits;
    }

    public AnalysisOptions(String dataset, Limits limits, String expectedFinalVersion) {
        this(dataset, limits, expectedFinalVersion, null, null, null);
    }

    public AnalysisOptions(String dataset, Limits limits, String expectedFinalVersion, Consumer<String> lineListener) {
        this(dataset, limits, expectedFinalVersion, lineListener, null, null);
    }

    /** The zone of timestamps without an offset: the one given, else this machine's. */
    public ZoneId zoneOrDefault() {
        return zone == null ? ZoneId.systemDefault() : zone;
    }

    public AnalysisOptions withLineFilter(UnaryOperator<String> filter) {
        return new AnalysisOptions(dataset, limits, expectedFinalVersion, lineListener, filter, zone);
    }

    public static AnalysisOptions of(Limits limits) {
        return new AnalysisOptions(null, limits, null, null, null, null);
    }

    public AnalysisOptions withDataset(String name) {
        return new AnalysisOptions(name, limits, expectedFinalVersion, lineListener, lineFilter, zone);
    }

    public AnalysisOptions withExpectedFinalVersion(String version) {
        return new AnalysisOptions(dataset, limits, version, lineListener, lineFilter, zone);
    }

    public AnalysisOptions withLineListener(Consumer<String> listener) {
        return new AnalysisOptions(dataset, limits, expectedFinalVersion, listener, lineFilter, zone);
    }

    public AnalysisOptions withZone(ZoneId logZone) {
        return new AnalysisOptions(dataset, limits, expectedFinalVersion, lineListener, lineFilter, logZone);
    }
}
