package io.streambind.report;

/**
 * Mean and min–max range of one figure over several runs (seeds, numeric paths); runs where the figure is
 * undefined (NaN) are left out, and all NaN when none defines it.
 */
public record Spread(double mean, double min, double max, int runs) {
    public static Spread of(double... values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int runs = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                runs++;
            }
        }
        return runs == 0 ? new Spread(Double.NaN, Double.NaN, Double.NaN, 0) : new Spread(sum / runs, min, max, runs);
    }

    /** max − min; 0 for a single run. */
    public double range() {
        return max - min;
    }
}
