package io.streambind.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The figures of one method's row in the paper-style table: fractions (R@1, R@10, zero-shot accuracy and their
 * GEM backward transfer) and the mean stability deviation; NaN where a figure is undefined.
 */
public record TableFigures(
        double accuracy,
        double bwtAccuracy,
        double recall1,
        double bwtRecall1,
        double recall10,
        double bwtRecall10,
        double stabilityDeviation) {
    /** Column names in the order of {@link #values()}. */
    public static final List<String> NAMES = List.of("Acc", "BWT_A", "R@1", "BWT_R1", "R@10", "BWT_R10", "stab. dev.");
    /** Index of the stability deviation in {@link #values()}, the one figure that is not a percentage. */
    public static final int STABILITY_DEVIATION = 6;

    public static TableFigures of(ContinualTable table) {
        return new TableFigures(
                orNaN(table.finalAccuracy()),
                orNaN(table.backwardTransferAccuracy()),
                orNaN(table.finalRecall1()),
                orNaN(table.backwardTransferRecall1()),
                orNaN(table.finalRecall10()),
                orNaN(table.backwardTransferRecall10()),
                orNaN(table.meanStabilityDeviation()));
    }

    public double[] values() {
        return new double[] {accuracy, bwtAccuracy, recall1, bwtRecall1, recall10, bwtRecall10, stabilityDeviation};
    }

    /** Per figure, in the order of {@link #NAMES}, its spread over the given runs. */
    public static List<Spread> spread(List<TableFigures> runs) {
        List<Spread> spreads = new ArrayList<>();
        for (int figure = 0; figure < NAMES.size(); figure++) {
            double[] values = new double[runs.size()];
            for (int run = 0; run < runs.size(); run++) {
                values[run] = runs.get(run).values()[figure];
            }
            spreads.add(Spread.of(values));
        }
        return spreads;
    }

    /** A figure as the console tables print it: percent, the stability deviation in e-notation; – when undefined. */
    public static String format(int figure, double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return figure == STABILITY_DEVIATION
                ? String.format(Locale.ROOT, "%.2e", value)
                : String.format(Locale.ROOT, "%.2f", 100 * value);
    }

    /** Right-aligned in a console column wide enough for a min–max pair of {@link #format}ted figures. */
    public static String column(int figure, String text) {
        return String.format(Locale.ROOT, figure == STABILITY_DEVIATION ? " %19s" : " %13s", text);
    }

    private static double orNaN(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : Double.NaN;
    }
}
