package io.realdb.report.chart;

/** Something drawn on a series besides its values. */
public sealed interface Mark permits Mark.Limit, Mark.ThisRun {

    /** A horizontal line at the limit the values are held to. */
    record Limit(double value, String label) implements Mark {
    }

    /** The point of the run the report is about, among the runs before it. */
    record ThisRun(Object x, double y, String label) implements Mark {
    }
}
