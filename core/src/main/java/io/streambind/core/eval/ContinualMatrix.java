package io.streambind.core.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One continual-learning matrix R[k][j] (dns-spec §6): row k is the evaluation after the k-th
 * evaluated step, column j a task in first-evaluated order. Knows in which row each task was last
 * trained, which is what BWT compares against.
 */
public final class ContinualMatrix {
    private final List<String> columns = new ArrayList<>();
    private final List<Long> steps = new ArrayList<>();
    private final List<Map<String, Double>> rows = new ArrayList<>();
    private final Map<String, Integer> trainedAtRow = new HashMap<>();

    /**
     * Appends the row of {@code step}: the value of each evaluated task (tasks without a value are
     * left out) and the tasks trained in that step.
     */
    public void addRow(long step, Map<String, Double> values, List<String> trainedInStep) {
        int row = rows.size();
        steps.add(step);
        rows.add(new LinkedHashMap<>(values));
        for (String task : values.keySet()) {
            if (!columns.contains(task)) {
                columns.add(task);
            }
        }
        for (String task : trainedInStep) {
            trainedAtRow.put(task, row);
        }
    }

    public List<String> columns() {
        return List.copyOf(columns);
    }

    public List<Long> steps() {
        return List.copyOf(steps);
    }

    /** R[row][column]; NaN when the task was not evaluated in that row. */
    public double value(int row, String column) {
        Double value = rows.get(row).get(column);
        return value == null ? Double.NaN : value;
    }

    /** The whole matrix, rows x columns, NaN where not evaluated. */
    public double[][] toArray() {
        double[][] values = new double[rows.size()][columns.size()];
        for (int k = 0; k < rows.size(); k++) {
            for (int j = 0; j < columns.size(); j++) {
                values[k][j] = value(k, columns.get(j));
            }
        }
        return values;
    }

    /**
     * GEM backward transfer at the last row T: mean over tasks trained in an earlier row j of
     * R[T][j] − R[trained(j)][j]; null when no such task has both values.
     */
    public Double backwardTransfer() {
        int last = rows.size() - 1;
        double sum = 0;
        int count = 0;
        for (Map.Entry<String, Integer> entry : trainedAtRow.entrySet()) {
            double now = last < 0 ? Double.NaN : value(last, entry.getKey());
            double then = value(entry.getValue(), entry.getKey());
            if (entry.getValue() < last && !Double.isNaN(now) && !Double.isNaN(then)) {
                sum += now - then;
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    /** Mean of the last row over the tasks evaluated in it; null when empty. */
    public Double lastRowMean() {
        if (rows.isEmpty() || rows.get(rows.size() - 1).isEmpty()) {
            return null;
        }
        return rows.get(rows.size() - 1).values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElseThrow();
    }
}
